package dev.osiris.lab.windows.shell.ps;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** System.String methods. */
final class StringMethods {

    static final Object NONE = new Object();

    private StringMethods() {
    }

    static Object invoke(String s, String n, List<Object> args) {
        String a0 = args.isEmpty() ? null : PsConvert.toStr(args.get(0));
        Object a1 = args.size() > 1 ? args.get(1) : null;
        switch (n) {
            case "tostring": return s;
            case "tolower", "tolowerinvariant": return s.toLowerCase();
            case "toupper", "toupperinvariant": return s.toUpperCase();
            case "trim": return a0 == null ? s.strip() : trim(s, a0, true, true);
            case "trimstart": return a0 == null ? s.stripLeading() : trim(s, a0, true, false);
            case "trimend": return a0 == null ? s.stripTrailing() : trim(s, a0, false, true);
            case "contains": return s.contains(a0);
            case "startswith": return s.startsWith(a0);
            case "endswith": return s.endsWith(a0);
            case "replace": return s.replace(a0, PsConvert.toStr(a1));
            case "substring": return a1 == null ? s.substring(PsConvert.toInt(a0))
                    : s.substring(PsConvert.toInt(a0), PsConvert.toInt(a0) + PsConvert.toInt(a1));
            case "indexof": return s.indexOf(a0);
            case "lastindexof": return s.lastIndexOf(a0);
            case "padleft": return pad(s, PsConvert.toInt(args.get(0)), a1, true);
            case "padright": return pad(s, PsConvert.toInt(args.get(0)), a1, false);
            case "split":
                List<Object> out = new ArrayList<>();
                String chars = args.isEmpty() ? " " : String.join("", args.stream().map(PsConvert::toStr).toList());
                for (String part : s.split("[" + Pattern.quote(chars).replace("\\Q", "").replace("\\E", "")
                        .replace("\\", "\\\\").replace("]", "\\]").replace("^", "\\^").replace("-", "\\-") + "]", -1)) {
                    out.add(part);
                }
                return out;
            case "insert": return s.substring(0, PsConvert.toInt(args.get(0))) + PsConvert.toStr(a1)
                    + s.substring(PsConvert.toInt(args.get(0)));
            case "remove": return a1 == null ? s.substring(0, PsConvert.toInt(args.get(0)))
                    : s.substring(0, PsConvert.toInt(args.get(0))) + s.substring(PsConvert.toInt(args.get(0)) + PsConvert.toInt(a1));
            case "compareto": return Integer.signum(s.compareTo(a0));
            case "normalize": return s;
            case "chars": return String.valueOf(s.charAt(PsConvert.toInt(args.get(0))));
            default: return NONE;
        }
    }

    private static String trim(String s, String chars, boolean start, boolean end) {
        int b = 0;
        int e = s.length();
        while (start && b < e && chars.indexOf(s.charAt(b)) >= 0) {
            b++;
        }
        while (end && e > b && chars.indexOf(s.charAt(e - 1)) >= 0) {
            e--;
        }
        return s.substring(b, e);
    }

    private static String pad(String s, int width, Object ch, boolean left) {
        String c = ch == null ? " " : PsConvert.toStr(ch).substring(0, 1);
        String padding = c.repeat(Math.max(0, width - s.length()));
        return left ? padding + s : s + padding;
    }
}
