package dev.osiris.agent.remote;

import dev.osiris.agent.remote.RemoteFailure.Reason;

import javax.net.ssl.SSLHandshakeException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.util.Optional;

/** Maps the JDK's socket-level exceptions, wherever they sit in a library's cause chain, to a {@link Reason}. */
final class NetworkFailures {

    private NetworkFailures() {
    }

    /** The network reason found in the cause chain, if any. {@code connecting}: no session was established yet. */
    static Optional<RemoteFailure> find(Throwable error, String where, boolean connecting) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            Reason reason = reasonOf(t, connecting);
            if (reason != null) {
                return Optional.of(new RemoteFailure(reason, where + ": " + describe(t), error));
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return Optional.empty();
    }

    private static Reason reasonOf(Throwable t, boolean connecting) {
        if (t instanceof UnknownHostException) {
            return Reason.DNS;
        }
        if (t instanceof ConnectException ce) {
            String m = String.valueOf(ce.getMessage()).toLowerCase();
            return m.contains("timed out") ? Reason.CONNECT_TIMEOUT : Reason.CONNECT_REFUSED;
        }
        if (t instanceof NoRouteToHostException) {
            return Reason.CONNECT_TIMEOUT;
        }
        if (t instanceof SocketTimeoutException ste) {
            String m = String.valueOf(ste.getMessage()).toLowerCase();
            return connecting || m.contains("connect") ? Reason.CONNECT_TIMEOUT : Reason.TIMEOUT;
        }
        if (t instanceof SSLHandshakeException || t instanceof CertificateException) {
            return Reason.TLS_CERTIFICATE;
        }
        return null;
    }

    static String describe(Throwable t) {
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : " " + t.getMessage());
    }
}
