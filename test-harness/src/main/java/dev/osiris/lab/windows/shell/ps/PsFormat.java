package dev.osiris.lab.windows.shell.ps;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** .NET composite formatting ({0,-10:N2}) and format strings for numbers and dates (en-US). */
final class PsFormat {

    private PsFormat() {
    }

    static String format(String fmt, List<Object> args) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < fmt.length()) {
            char c = fmt.charAt(i);
            if (c == '{' && i + 1 < fmt.length() && fmt.charAt(i + 1) == '{') {
                sb.append('{');
                i += 2;
            } else if (c == '}' && i + 1 < fmt.length() && fmt.charAt(i + 1) == '}') {
                sb.append('}');
                i += 2;
            } else if (c == '{') {
                int end = fmt.indexOf('}', i);
                if (end < 0) {
                    throw badFormat(fmt);
                }
                String spec = fmt.substring(i + 1, end);
                String itemFormat = null;
                int colon = spec.indexOf(':');
                if (colon >= 0) {
                    itemFormat = spec.substring(colon + 1);
                    spec = spec.substring(0, colon);
                }
                int align = 0;
                int comma = spec.indexOf(',');
                if (comma >= 0) {
                    align = Integer.parseInt(spec.substring(comma + 1).trim());
                    spec = spec.substring(0, comma);
                }
                int index;
                try {
                    index = Integer.parseInt(spec.trim());
                } catch (NumberFormatException e) {
                    throw badFormat(fmt);
                }
                if (index >= args.size()) {
                    throw PsError.of(null, "Error formatting a string: Index (zero based) must be greater than or "
                            + "equal to zero and less than the size of the argument list..", "InvalidOperation",
                            "FormatError", fmt);
                }
                String text = formatValue(args.get(index), itemFormat);
                if (align > 0) {
                    text = " ".repeat(Math.max(0, align - text.length())) + text;
                } else if (align < 0) {
                    text = text + " ".repeat(Math.max(0, -align - text.length()));
                }
                sb.append(text);
                i = end + 1;
            } else {
                sb.append(c);
                i++;
            }
        }
        return sb.toString();
    }

    private static PsError badFormat(String fmt) {
        return PsError.of(null, "Error formatting a string: Input string was not in a correct format..",
                "InvalidOperation", "FormatError", fmt);
    }

    /** value.ToString(format). */
    static String formatValue(Object v, String format) {
        if (format == null || format.isEmpty()) {
            return PsConvert.toStr(v);
        }
        if (v instanceof LocalDateTime dt) {
            return formatDate(dt, format);
        }
        if (!PsConvert.isNumber(v)) {
            return PsConvert.toStr(v);
        }
        double d = PsConvert.toDouble(v);
        char kind = Character.toUpperCase(format.charAt(0));
        String digitsText = format.substring(1);
        boolean standard = format.length() <= 3 && digitsText.chars().allMatch(Character::isDigit);
        if (standard) {
            int digits = digitsText.isEmpty() ? -1 : Integer.parseInt(digitsText);
            switch (kind) {
                case 'N':
                    return decimal("#,##0", digits < 0 ? 2 : digits, d);
                case 'F':
                    return decimal("0", digits < 0 ? 2 : digits, d);
                case 'D':
                    String s = Long.toString(Math.abs((long) d));
                    return (d < 0 ? "-" : "") + "0".repeat(Math.max(0, digits - s.length())) + s;
                case 'P':
                    return decimal("#,##0", digits < 0 ? 2 : digits, d * 100) + " %";
                case 'X':
                    String h = Long.toHexString((long) d);
                    h = format.charAt(0) == 'X' ? h.toUpperCase(Locale.ROOT) : h;
                    return "0".repeat(Math.max(0, digits - h.length())) + h;
                case 'G':
                    return PsConvert.toStr(v);
                default:
                    break;
            }
        }
        try {
            return new DecimalFormat(format, DecimalFormatSymbols.getInstance(Locale.US)).format(d);
        } catch (IllegalArgumentException e) {
            return PsConvert.toStr(v);
        }
    }

    private static String decimal(String intPattern, int digits, double d) {
        DecimalFormat f = new DecimalFormat(intPattern + (digits > 0 ? "." + "0".repeat(digits) : ""),
                DecimalFormatSymbols.getInstance(Locale.US));
        f.setRoundingMode(RoundingMode.HALF_UP);
        return f.format(new BigDecimal(Double.toString(d)));
    }

    static String formatDate(LocalDateTime dt, String format) {
        switch (format) {
            case "o", "O":
                return dt.atOffset(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSXXX"));
            case "s":
                return dt.format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss"));
            case "u":
                return dt.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'"));
            case "d":
                return dt.format(DateTimeFormatter.ofPattern("M/d/yyyy", Locale.US));
            case "D":
                return dt.format(DateTimeFormatter.ofPattern("EEEE, MMMM d, yyyy", Locale.US));
            case "g":
                return dt.format(DateTimeFormatter.ofPattern("M/d/yyyy h:mm a", Locale.US));
            case "G":
                return PsConvert.US_DATE_TIME.format(dt);
            default:
                break;
        }
        String java = format.replace("tt", "a").replace("fff", "SSS").replace("ff", "SS").replace("K", "XXX")
                .replace("zzz", "XXX").replace("dddd", "EEEE").replace("ddd", "EEE");
        try {
            return dt.atOffset(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern(java, Locale.US));
        } catch (IllegalArgumentException e) {
            return PsConvert.toStr(dt);
        }
    }
}
