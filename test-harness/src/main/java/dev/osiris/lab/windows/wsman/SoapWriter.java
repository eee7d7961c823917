package dev.osiris.lab.windows.wsman;

import java.util.Locale;
import java.util.UUID;

/** Builds response envelopes the way Windows writes them (s/a/x/w/rsp/p prefixes, upper-case GUIDs). */
final class SoapWriter {

    private SoapWriter() {
    }

    static String envelope(String action, String relatesTo, String body) {
        return "<s:Envelope xml:lang=\"en-US\" xmlns:s=\"" + Ns.SOAP + "\" xmlns:a=\"" + Ns.ADDRESSING
                + "\" xmlns:x=\"" + Ns.TRANSFER + "\" xmlns:w=\"" + Ns.WSMAN + "\" xmlns:rsp=\"" + Ns.SHELL
                + "\" xmlns:p=\"" + Ns.MS_WSMAN + "\"><s:Header><a:Action>" + action + "</a:Action><a:MessageID>uuid:"
                + newId() + "</a:MessageID><a:To>" + Ns.ANONYMOUS + "</a:To><a:RelatesTo>" + escape(relatesTo)
                + "</a:RelatesTo></s:Header><s:Body>" + body + "</s:Body></s:Envelope>";
    }

    static String fault(WsmanFault f, String relatesTo, String machine) {
        String msg = escape(f.getMessage());
        String body = "<s:Fault><s:Code><s:Value>" + f.code() + "</s:Value><s:Subcode><s:Value>" + f.subcode()
                + "</s:Value></s:Subcode></s:Code><s:Reason><s:Text xml:lang=\"en-US\">" + msg
                + "</s:Text></s:Reason><s:Detail><f:WSManFault xmlns:f=\"" + Ns.FAULT + "\" Code=\"" + f.wsmanCode()
                + "\" Machine=\"" + escape(machine) + "\"><f:Message>" + msg + "</f:Message></f:WSManFault>"
                + "</s:Detail></s:Fault>";
        return envelope(Ns.ACTION_FAULT, relatesTo == null ? "" : relatesTo, body);
    }

    static String newId() {
        return UUID.randomUUID().toString().toUpperCase(Locale.ROOT);
    }

    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                default -> {
                    if (c < 0x20 && c != '\n' && c != '\r' && c != '\t') {
                        sb.append(' ');
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }
}
