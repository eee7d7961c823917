package dev.osiris.lab.windows.shell.ps;

import dev.osiris.lab.windows.model.PsEnumValue;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/** PowerShell's value conversions (the subset the emulator needs). Dates are host-local = UTC. */
public final class PsConvert {

    static final DateTimeFormatter US_DATE_TIME = DateTimeFormatter.ofPattern("M/d/yyyy h:mm:ss a", Locale.US);
    private static final List<DateTimeFormatter> DATE_INPUTS = List.of(US_DATE_TIME,
            DateTimeFormatter.ofPattern("M/d/yyyy H:mm:ss", Locale.US), DateTimeFormatter.ofPattern("M/d/yyyy H:mm", Locale.US),
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.US), DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.US));

    private PsConvert() {
    }

    static Object parseNumber(String text) {
        String t = text.toLowerCase(Locale.ROOT);
        long multiplier = 1;
        if (t.endsWith("kb") || t.endsWith("mb") || t.endsWith("gb") || t.endsWith("tb") || t.endsWith("pb")) {
            multiplier = switch (t.charAt(t.length() - 2)) {
                case 'k' -> 1L << 10;
                case 'm' -> 1L << 20;
                case 'g' -> 1L << 30;
                case 't' -> 1L << 40;
                default -> 1L << 50;
            };
            t = t.substring(0, t.length() - 2);
        }
        if (t.endsWith("l") || (t.endsWith("d") && !t.startsWith("0x"))) {
            t = t.substring(0, t.length() - 1);
        }
        if (t.startsWith("0x")) {
            return narrow(Long.parseLong(t.substring(2), 16) * multiplier);
        }
        if (t.contains(".") || t.contains("e")) {
            double d = Double.parseDouble(t) * multiplier;
            return multiplier > 1 && d == Math.rint(d) ? narrow((long) d) : d;
        }
        return narrow(Long.parseLong(t) * multiplier);
    }

    static Object narrow(long v) {
        return v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE ? (Object) (int) v : (Object) v;
    }

    /** A number-looking bareword becomes a number, like PowerShell's argument mode. */
    static Object bareWord(String text) {
        if (text.matches("-?(0[xX][0-9a-fA-F]+|\\d+(\\.\\d+)?)([kKmMgGtTpP][bB])?")) {
            boolean neg = text.startsWith("-");
            Object n = parseNumber(neg ? text.substring(1) : text);
            return neg ? PsOps.negate(n) : n;
        }
        return text;
    }

    public static String toStr(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (v instanceof Double d) {
            return formatDouble(d);
        }
        if (v instanceof LocalDateTime dt) {
            return US_DATE_TIME.format(dt);
        }
        if (v instanceof Duration d) {
            return timeSpan(d);
        }
        if (v instanceof Collection<?> c) {
            List<String> parts = new ArrayList<>();
            for (Object o : c) {
                parts.add(toStr(o));
            }
            return String.join(" ", parts);
        }
        return v.toString();
    }

    static String formatDouble(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        return new BigDecimal(d, new MathContext(15)).stripTrailingZeros().toPlainString();
    }

    static String timeSpan(Duration d) {
        long s = Math.abs(d.getSeconds());
        String sign = d.isNegative() ? "-" : "";
        long days = s / 86400;
        String hms = String.format("%02d:%02d:%02d", (s / 3600) % 24, (s / 60) % 60, s % 60);
        int nanos = d.abs().getNano();
        String frac = nanos == 0 ? "" : String.format(".%07d", nanos / 100);
        return sign + (days > 0 ? days + "." : "") + hms + frac;
    }

    public static boolean toBool(Object v) {
        if (v == null) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof Number n) {
            return n.doubleValue() != 0;
        }
        if (v instanceof String s) {
            return !s.isEmpty();
        }
        if (v instanceof PsEnumValue e) {
            return e.value() != 0;
        }
        if (v instanceof List<?> l) {
            return switch (l.size()) {
                case 0 -> false;
                case 1 -> toBool(l.get(0));
                default -> true;
            };
        }
        return true;
    }

    static boolean isNumber(Object v) {
        return v instanceof Integer || v instanceof Long || v instanceof Double || v instanceof Float
                || v instanceof Short || v instanceof Byte;
    }

    /** Converts to a number or fails like PowerShell does. */
    public static Number toNumber(Object v) {
        if (v instanceof Number n) {
            return n;
        }
        if (v == null) {
            return 0;
        }
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        if (v instanceof PsEnumValue e) {
            return e.value();
        }
        if (v instanceof List<?> l && l.size() == 1) {
            return toNumber(l.get(0));
        }
        String s = toStr(v).trim();
        try {
            Object n = s.isEmpty() ? 0 : bareWord(s);
            if (n instanceof Number num) {
                return num;
            }
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw PsError.of(null, "Cannot convert value \"" + s + "\" to type \"System.Int32\". Error: \"Input string "
                    + "was not in a correct format.\"", "InvalidArgument", "InvalidCastFromStringToInteger", s);
        }
    }

    public static long toLong(Object v) {
        Number n = toNumber(v);
        // .NET converts a double to an integer with banker's rounding: [int]2.5 is 2, [int]3.5 is 4
        return n instanceof Double d ? (long) Math.rint(d) : n.longValue();
    }

    public static int toInt(Object v) {
        return (int) toLong(v);
    }

    public static double toDouble(Object v) {
        return toNumber(v).doubleValue();
    }

    public static LocalDateTime toDate(Object v) {
        if (v instanceof LocalDateTime dt) {
            return dt;
        }
        if (v instanceof Instant i) {
            return LocalDateTime.ofInstant(i, ZoneOffset.UTC);
        }
        if (v instanceof List<?> l && l.size() == 1) {
            return toDate(l.get(0));
        }
        String s = toStr(v).trim();
        try {
            return OffsetDateTime.parse(s).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
        } catch (DateTimeParseException ignored) {
            // try the next format
        }
        try {
            return LocalDateTime.parse(s);
        } catch (DateTimeParseException ignored) {
            // try the next format
        }
        try {
            return LocalDate.parse(s).atStartOfDay();
        } catch (DateTimeParseException ignored) {
            // try the next format
        }
        for (DateTimeFormatter f : DATE_INPUTS) {
            try {
                return LocalDateTime.parse(s, f);
            } catch (DateTimeParseException ignored) {
                // try the next format
            }
        }
        try {
            return LocalDate.parse(s, DateTimeFormatter.ofPattern("M/d/yyyy", Locale.US)).atStartOfDay();
        } catch (DateTimeParseException e) {
            throw PsError.of(null, "Cannot convert value \"" + s + "\" to type \"System.DateTime\". Error: \"String was "
                    + "not recognized as a valid DateTime.\"", "InvalidArgument", "InvalidCastParseTargetInvocation", s);
        }
    }

    /** Unrolls a pipeline value into its items ($null → none, a list → its items, else one item). */
    public static List<Object> toList(Object v) {
        if (v == null) {
            return new ArrayList<>();
        }
        if (v instanceof List<?> l) {
            return new ArrayList<>(l);
        }
        List<Object> one = new ArrayList<>();
        one.add(v);
        return one;
    }

    /** A pipeline's collected output as a value: nothing → null, one item → the item, else a list. */
    static Object unwrap(List<Object> items) {
        return switch (items.size()) {
            case 0 -> null;
            case 1 -> items.get(0);
            default -> items;
        };
    }
}
