package dev.osiris.lab.windows.shell.ps;

import java.time.LocalDateTime;
import java.util.List;

/** Out-Default, simplified: scalars one per line, objects as "Name : Value" lists (CRLF line ends). */
public final class PsFormatter {

    private PsFormatter() {
    }

    public static String format(Object v) {
        if (v == null || v == PsInterpreter.NO_OUTPUT) {
            return "";
        }
        if (v instanceof List<?> list) {
            StringBuilder sb = new StringBuilder();
            for (Object o : list) {
                sb.append(format(o));
            }
            return sb.toString();
        }
        if (v instanceof LocalDateTime dt) {
            return "\r\n" + PsFormat.formatDate(dt, "D") + " " + dt.format(java.time.format.DateTimeFormatter
                    .ofPattern("h:mm:ss a", java.util.Locale.US)) + "\r\n\r\n";
        }
        if (v instanceof PsObject o) {
            if (o.typeName().equals(PsInterpreter.ERROR_RECORD)) {
                return PsConvert.toStr(v) + "\r\n";
            }
            return o.isHashtable() ? table(o) : list(o);
        }
        return PsConvert.toStr(v) + "\r\n";
    }

    private static String list(PsObject o) {
        int width = o.names().stream().mapToInt(String::length).max().orElse(0);
        StringBuilder sb = new StringBuilder("\r\n");
        for (String n : o.names()) {
            sb.append(n).append(" ".repeat(width - n.length())).append(" : ").append(inline(o.get(n))).append("\r\n");
        }
        return sb.append("\r\n").toString();
    }

    private static String table(PsObject h) {
        int width = Math.max(4, h.names().stream().mapToInt(String::length).max().orElse(0));
        StringBuilder sb = new StringBuilder("\r\n");
        sb.append(pad("Name", width)).append(" Value\r\n").append(pad("----", width)).append(" -----\r\n");
        for (String n : h.names()) {
            sb.append(pad(n, width)).append(' ').append(inline(h.get(n))).append("\r\n");
        }
        return sb.append("\r\n").toString();
    }

    private static String inline(Object v) {
        if (v instanceof List<?> l) {
            StringBuilder sb = new StringBuilder("{");
            for (int i = 0; i < l.size(); i++) {
                sb.append(i == 0 ? "" : ", ").append(PsConvert.toStr(l.get(i)));
            }
            return sb.append('}').toString();
        }
        return PsConvert.toStr(v);
    }

    private static String pad(String s, int w) {
        return s + " ".repeat(Math.max(0, w - s.length()));
    }
}
