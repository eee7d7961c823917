package dev.osiris.lab.windows.wsman;

import dev.osiris.lab.windows.wsman.ntlm.NtlmSession;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The emulator's wire log (logger {@code dev.osiris.lab.windows.wsman.wire}): per TCP connection, each NTLM leg,
 * the security context it set up, and for every sealed message its direction, sequence number, action, shell and
 * command. FINE for the traffic, WARNING for refusals, so a bench can keep the whole story of a failure.
 */
final class WireLog {

    static final Logger LOG = Logger.getLogger("dev.osiris.lab.windows.wsman.wire");

    private WireLog() {
    }

    static void leg(ConnectionAuth conn, String what) {
        if (LOG.isLoggable(Level.FINE)) {
            LOG.fine(conn + " ntlm " + what);
        }
    }

    static void sealedIn(ConnectionAuth conn, NtlmSession ctx, int seq, SoapRequest soap) {
        if (LOG.isLoggable(Level.FINE)) {
            LOG.fine(conn + " ctx#" + ctx.id() + " in  seq " + seq + " " + describe(soap));
        }
    }

    static void sealedOut(ConnectionAuth conn, NtlmSession ctx, int seq, int status, SoapRequest soap) {
        if (LOG.isLoggable(Level.FINE)) {
            LOG.fine(conn + " ctx#" + ctx.id() + " out seq " + seq + " " + status + " to " + describe(soap));
        }
    }

    static void refused(ConnectionAuth conn, String why) {
        LOG.warning(conn + " refused: " + why);
    }

    static void closed(ConnectionAuth conn) {
        // null: the connection's state was already dropped (after a refused seal)
        if (conn != null && LOG.isLoggable(Level.FINE)) {
            LOG.fine(conn + " closed" + (conn.session == null ? "" : " (ctx#" + conn.session.id() + ", next in seq "
                    + conn.session.seqIn() + ", next out seq " + conn.session.seqOut() + ")"));
        }
    }

    /** Action, shell and command of a request, e.g. {@code Receive shell=AF16... command=D6BF...}. */
    static String describe(SoapRequest soap) {
        if (soap == null) {
            return "(unparsed)";
        }
        String action = soap.action() == null ? "?" : soap.action().substring(soap.action().lastIndexOf('/') + 1);
        String shell = soap.selectors().get("ShellId");
        String command = commandId(soap.body());
        return action + (shell == null ? "" : " shell=" + shell) + (command == null ? "" : " command=" + command)
                + " msg=" + soap.messageId();
    }

    private static String commandId(Element first) {
        if (first == null) {
            return null;
        }
        String id = attr(first);
        for (Node n = first.getFirstChild(); id == null && n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                id = attr(e);
            }
        }
        return id;
    }

    private static String attr(Element e) {
        String id = e.getAttributeNS(Ns.SHELL, "CommandId");
        if (id.isEmpty()) {
            id = e.getAttribute("CommandId");
        }
        return id.isEmpty() ? null : id;
    }
}
