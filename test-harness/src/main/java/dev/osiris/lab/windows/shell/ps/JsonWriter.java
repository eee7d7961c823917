package dev.osiris.lab.windows.shell.ps;

import dev.osiris.lab.windows.model.PsEnumValue;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * ConvertTo-Json as Windows PowerShell 5.1 writes it: 4-space indent and {@code "Name":  value} when
 * pretty, enums as numbers, DateTime as {@code "\/Date(ms)\/"}, objects deeper than -Depth as strings.
 */
public final class JsonWriter {

    private final int maxDepth;
    private final boolean compress;

    public JsonWriter(int maxDepth, boolean compress) {
        this.maxDepth = maxDepth;
        this.compress = compress;
    }

    public String write(Object v) {
        StringBuilder sb = new StringBuilder();
        value(sb, v, 0);
        return sb.toString();
    }

    private void value(StringBuilder sb, Object v, int depth) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof Boolean b) {
            sb.append(b ? "true" : "false");
        } else if (v instanceof Double d) {
            sb.append(d.isNaN() || d.isInfinite() ? "\"" + PsConvert.toStr(d) + "\"" : PsConvert.formatDouble(d));
        } else if (v instanceof Number n) {
            sb.append(n);
        } else if (v instanceof PsEnumValue e) {
            sb.append(e.value());
        } else if (v instanceof LocalDateTime dt) {
            sb.append("\"\\/Date(").append(dt.toInstant(ZoneOffset.UTC).toEpochMilli()).append(")\\/\"");
        } else if (v instanceof Duration d) {
            PsObject ts = PsObject.of("System.TimeSpan");
            for (String p : List.of("Ticks", "Days", "Hours", "Milliseconds", "Minutes", "Seconds", "TotalDays",
                    "TotalHours", "TotalMilliseconds", "TotalMinutes", "TotalSeconds")) {
                ts.put(p, PsMembers.get(d, p));
            }
            value(sb, ts, depth);
        } else if (v instanceof List<?> list) {
            array(sb, list, depth);
        } else if (v instanceof PsObject o) {
            if (depth > maxDepth) {
                string(sb, PsConvert.toStr(o));
            } else {
                object(sb, o, depth);
            }
        } else {
            string(sb, PsConvert.toStr(v));
        }
    }

    private void array(StringBuilder sb, List<?> list, int depth) {
        if (depth > maxDepth) {
            string(sb, PsConvert.toStr(list));
            return;
        }
        if (list.isEmpty()) {
            sb.append(compress ? "[]" : "[\r\n\r\n]");
            return;
        }
        sb.append('[');
        for (int i = 0; i < list.size(); i++) {
            sb.append(i == 0 ? "" : ",");
            newline(sb, depth + 1);
            value(sb, list.get(i), depth + 1);
        }
        newline(sb, depth);
        sb.append(']');
    }

    private void object(StringBuilder sb, PsObject o, int depth) {
        sb.append('{');
        List<String> names = o.names();
        for (int i = 0; i < names.size(); i++) {
            sb.append(i == 0 ? "" : ",");
            newline(sb, depth + 1);
            string(sb, names.get(i));
            sb.append(compress ? ":" : ":  ");
            value(sb, o.get(names.get(i)), depth + 1);
        }
        newline(sb, depth);
        sb.append('}');
    }

    private void newline(StringBuilder sb, int depth) {
        if (!compress) {
            sb.append("\r\n").append("    ".repeat(depth));
        }
    }

    static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '<', '>', '&', '\'' -> sb.append(String.format("\\u%04x", (int) c));
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
