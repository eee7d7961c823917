package dev.osiris.lab.windows.shell.ps;

import dev.osiris.lab.windows.model.PsEnumValue;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** PowerShell operators: comparison (case-insensitive by default), arithmetic, -like/-match/-f. */
public final class PsOps {

    private PsOps() {
    }

    /** Evaluates a binary operator (not -and/-or, which short-circuit in the interpreter). */
    static Object binary(String op, Object l, Object r, PsInterpreter interp) {
        boolean cs = op.startsWith("c") && !op.equals("contains");
        String base = cs ? op.substring(1) : op;
        switch (base) {
            case "+": return add(l, r);
            case "-": return subtract(l, r);
            case "*": return multiply(l, r);
            case "/": return divide(l, r);
            case "%": return arithmetic(l, r, '%');
            case "..": return range(l, r);
            case "f": return PsFormat.format(PsConvert.toStr(l), PsConvert.toList(r));
            case "join": return join(l, r);
            case "split": return split(l, r);
            case "replace": return replace(l, r, cs);
            case "contains": return contains(l, r, cs);
            case "notcontains": return !contains(l, r, cs);
            case "in": return contains(r, l, cs);
            case "notin": return !contains(r, l, cs);
            case "is": return isType(l, PsConvert.toStr(r instanceof TypeRef t ? t.name() : r));
            case "isnot": return !isType(l, PsConvert.toStr(r instanceof TypeRef t ? t.name() : r));
            case "as": return PsMembers.cast(r instanceof TypeRef t ? t.name() : PsConvert.toStr(r), l, interp);
            default: break;
        }
        if (l instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            for (Object item : list) {
                if (compareOp(base, item, r, cs, null)) {
                    out.add(item);
                }
            }
            return out;
        }
        return compareOp(base, l, r, cs, interp);
    }

    /** A type literal used as an operand ([int] in -is / -as). */
    record TypeRef(String name) {
    }

    private static boolean compareOp(String op, Object l, Object r, boolean cs, PsInterpreter interp) {
        return switch (op) {
            case "eq" -> equal(l, r, cs);
            case "ne" -> !equal(l, r, cs);
            case "gt" -> compare(l, r, cs) > 0;
            case "ge" -> compare(l, r, cs) >= 0;
            case "lt" -> compare(l, r, cs) < 0;
            case "le" -> compare(l, r, cs) <= 0;
            case "like" -> like(PsConvert.toStr(l), PsConvert.toStr(r), cs);
            case "notlike" -> !like(PsConvert.toStr(l), PsConvert.toStr(r), cs);
            case "match" -> match(l, r, cs, interp);
            case "notmatch" -> !match(l, r, cs, interp);
            default -> throw PsError.of(null, "Unknown operator -" + op + ".", "InvalidOperation", "UnknownOperator", op);
        };
    }

    public static boolean equal(Object l, Object r, boolean cs) {
        if (l == null) {
            return r == null;
        }
        if (r == null) {
            return false;
        }
        if (l instanceof Boolean b) {
            return b == PsConvert.toBool(r);
        }
        if (l instanceof PsEnumValue e) {
            if (PsConvert.isNumber(r)) {
                return e.value() == PsConvert.toLong(r);
            }
            if (r instanceof PsEnumValue re) {
                return e.value() == re.value() && e.typeName().equals(re.typeName());
            }
            return e.name().equalsIgnoreCase(PsConvert.toStr(r));
        }
        if (PsConvert.isNumber(l)) {
            if (r instanceof PsEnumValue re) {
                return PsConvert.toLong(l) == re.value();
            }
            try {
                return PsConvert.toDouble(l) == PsConvert.toDouble(r);
            } catch (PsError e) {
                return false;
            }
        }
        if (l instanceof LocalDateTime d) {
            try {
                return d.equals(PsConvert.toDate(r));
            } catch (PsError e) {
                return false;
            }
        }
        if (l instanceof String s) {
            String rs = PsConvert.toStr(r);
            return cs ? s.equals(rs) : s.equalsIgnoreCase(rs);
        }
        if (l instanceof PsVersion v) {
            try {
                return v.compareTo(r instanceof PsVersion rv ? rv : PsVersion.parse(PsConvert.toStr(r))) == 0;
            } catch (PsError e) {
                return false;
            }
        }
        return Objects.equals(l, r) || PsConvert.toStr(l).equalsIgnoreCase(PsConvert.toStr(r));
    }

    public static int compare(Object l, Object r, boolean cs) {
        if (l == null && r == null) {
            return 0;
        }
        if (l == null) {
            return -1;
        }
        if (r == null) {
            return 1;
        }
        if (l instanceof PsEnumValue e) {
            if (PsConvert.isNumber(r) || r instanceof PsEnumValue) {
                return Long.compare(e.value(), PsConvert.toLong(r));
            }
            return e.name().compareToIgnoreCase(PsConvert.toStr(r));
        }
        if (PsConvert.isNumber(l) || l instanceof Boolean) {
            return Double.compare(PsConvert.toDouble(l), PsConvert.toDouble(r));
        }
        if (l instanceof LocalDateTime d) {
            return d.compareTo(PsConvert.toDate(r));
        }
        if (l instanceof PsVersion v) {
            // the right side converts to the left side's type, as PowerShell's comparison operators do
            return v.compareTo(r instanceof PsVersion rv ? rv : PsVersion.parse(PsConvert.toStr(r)));
        }
        if (l instanceof Duration d && r instanceof Duration rd) {
            return d.compareTo(rd);
        }
        String ls = PsConvert.toStr(l);
        String rs = PsConvert.toStr(r);
        return cs ? ls.compareTo(rs) : ls.compareToIgnoreCase(rs);
    }

    public static boolean like(String s, String pattern, boolean cs) {
        return wildcard(pattern, cs).matcher(s).matches();
    }

    static Pattern wildcard(String pattern, boolean cs) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                case '[' -> {
                    int end = pattern.indexOf(']', i);
                    if (end > i) {
                        re.append('[').append(pattern, i + 1, end).append(']');
                        i = end;
                    } else {
                        re.append("\\[");
                    }
                }
                case '`' -> {
                    if (i + 1 < pattern.length()) {
                        re.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
                    }
                }
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString(), cs ? Pattern.DOTALL : Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL);
    }

    public static boolean isWildcard(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0;
    }

    private static boolean match(Object l, Object r, boolean cs, PsInterpreter interp) {
        Matcher m = regex(PsConvert.toStr(r), cs).matcher(PsConvert.toStr(l));
        if (!m.find()) {
            return false;
        }
        if (interp != null) {
            PsObject matches = PsObject.hashtable();
            for (int g = 0; g <= m.groupCount(); g++) {
                if (m.group(g) != null) {
                    matches.put(String.valueOf(g), m.group(g));
                }
            }
            interp.setVariable("Matches", matches);
        }
        return true;
    }

    static Pattern regex(String re, boolean cs) {
        try {
            return Pattern.compile(re.replace("(?<", "(?<").replace("\\A", "^"), cs ? 0 : Pattern.CASE_INSENSITIVE);
        } catch (RuntimeException e) {
            throw PsError.of(null, "The regular expression pattern " + re + " is not valid.", "InvalidOperation",
                    "InvalidRegularExpression", re);
        }
    }

    private static boolean contains(Object collection, Object item, boolean cs) {
        for (Object o : PsConvert.toList(collection)) {
            if (equal(o, item, cs)) {
                return true;
            }
        }
        return false;
    }

    private static Object replace(Object l, Object r, boolean cs) {
        List<Object> args = PsConvert.toList(r);
        String pattern = args.isEmpty() ? "" : PsConvert.toStr(args.get(0));
        String replacement = args.size() > 1 ? PsConvert.toStr(args.get(1)) : "";
        Pattern p = regex(pattern, cs);
        if (l instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            for (Object o : list) {
                out.add(p.matcher(PsConvert.toStr(o)).replaceAll(replacement));
            }
            return out;
        }
        return p.matcher(PsConvert.toStr(l)).replaceAll(replacement);
    }

    static Object join(Object l, Object r) {
        List<String> parts = new ArrayList<>();
        for (Object o : PsConvert.toList(l)) {
            parts.add(PsConvert.toStr(o));
        }
        return String.join(r == null ? "" : PsConvert.toStr(r), parts);
    }

    static Object split(Object l, Object r) {
        List<Object> out = new ArrayList<>();
        Pattern p = r == null ? Pattern.compile("\\s+") : regex(PsConvert.toStr(r), false);
        for (Object o : PsConvert.toList(l)) {
            String s = PsConvert.toStr(o);
            if (r == null) {
                s = s.trim();
            }
            for (String part : p.split(s, -1)) {
                out.add(part);
            }
        }
        return out;
    }

    static boolean isType(Object v, String type) {
        String t = type.toLowerCase(Locale.ROOT).replace("system.", "");
        return switch (t) {
            case "string" -> v instanceof String;
            case "int", "int32" -> v instanceof Integer;
            case "long", "int64" -> v instanceof Long;
            case "double" -> v instanceof Double;
            case "bool", "boolean" -> v instanceof Boolean;
            case "datetime" -> v instanceof LocalDateTime;
            case "version" -> v instanceof PsVersion;
            case "timespan" -> v instanceof Duration;
            case "array", "object[]" -> v instanceof List;
            case "hashtable", "collections.hashtable" -> v instanceof PsObject o && o.isHashtable();
            case "pscustomobject", "management.automation.pscustomobject" -> v instanceof PsObject o && !o.isHashtable();
            case "scriptblock" -> v instanceof ScriptBlock;
            case "object", "psobject" -> v != null;
            case "valuetype" -> PsConvert.isNumber(v) || v instanceof Boolean || v instanceof LocalDateTime;
            default -> v instanceof PsObject o && o.typeName().equalsIgnoreCase(type);
        };
    }

    static Object negate(Object v) {
        Number n = PsConvert.toNumber(v);
        if (n instanceof Double d) {
            return -d;
        }
        return PsConvert.narrow(-n.longValue());
    }

    private static Object add(Object l, Object r) {
        if (l == null) {
            return r instanceof List<?> lr ? new ArrayList<>(lr) : r;
        }
        if (l instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list);
            if (r instanceof List<?> rl) {
                out.addAll(rl);
            } else {
                out.add(r);
            }
            return out;
        }
        if (l instanceof String s) {
            return s + PsConvert.toStr(r);
        }
        if (l instanceof PsObject h && h.isHashtable() && r instanceof PsObject rh) {
            PsObject out = h.copy();
            for (String n : rh.names()) {
                if (out.has(n)) {
                    throw PsError.of(null, "Item has already been added. Key in dictionary: '" + n + "'",
                            "InvalidOperation", "DuplicateKey", n);
                }
                out.put(n, rh.get(n));
            }
            return out;
        }
        if (l instanceof LocalDateTime d) {
            return d.plus(toDuration(r));
        }
        if (l instanceof Duration d) {
            return d.plus(toDuration(r));
        }
        return arithmetic(l, r, '+');
    }

    private static Object subtract(Object l, Object r) {
        if (l instanceof LocalDateTime d) {
            if (r instanceof LocalDateTime rd) {
                return Duration.between(rd, d);
            }
            return d.minus(toDuration(r));
        }
        if (l instanceof Duration d) {
            return d.minus(toDuration(r));
        }
        return arithmetic(l, r, '-');
    }

    private static Object multiply(Object l, Object r) {
        if (l instanceof String s) {
            return s.repeat(Math.max(0, PsConvert.toInt(r)));
        }
        if (l instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < PsConvert.toInt(r); i++) {
                out.addAll(list);
            }
            return out;
        }
        return arithmetic(l, r, '*');
    }

    private static Object divide(Object l, Object r) {
        Number a = PsConvert.toNumber(l);
        Number b = PsConvert.toNumber(r);
        if (b.doubleValue() == 0) {
            throw PsError.of(null, "Attempted to divide by zero.", "NotSpecified", "RuntimeException", "");
        }
        if (!(a instanceof Double) && !(b instanceof Double) && a.longValue() % b.longValue() == 0) {
            return PsConvert.narrow(a.longValue() / b.longValue());
        }
        return a.doubleValue() / b.doubleValue();
    }

    private static Object arithmetic(Object l, Object r, char op) {
        Number a = PsConvert.toNumber(l);
        Number b = PsConvert.toNumber(r);
        if (a instanceof Double || b instanceof Double) {
            double x = a.doubleValue();
            double y = b.doubleValue();
            return switch (op) {
                case '+' -> x + y;
                case '-' -> x - y;
                case '*' -> x * y;
                default -> x % y;
            };
        }
        long x = a.longValue();
        long y = b.longValue();
        return PsConvert.narrow(switch (op) {
            case '+' -> x + y;
            case '-' -> x - y;
            case '*' -> x * y;
            default -> x % y;
        });
    }

    private static Object range(Object l, Object r) {
        int a = PsConvert.toInt(l);
        int b = PsConvert.toInt(r);
        List<Object> out = new ArrayList<>();
        int step = a <= b ? 1 : -1;
        for (int i = a; ; i += step) {
            out.add(i);
            if (i == b || out.size() > 100_000) {
                break;
            }
        }
        return out;
    }

    static Duration toDuration(Object v) {
        if (v instanceof Duration d) {
            return d;
        }
        return Duration.ofNanos(PsConvert.toLong(v) * 100);
    }
}
