package dev.osiris.agent.remote;

import java.util.Locale;

/**
 * Why a remote script could not be run, or ran and failed. The {@link Reason} word ({@link Reason#word()}) is what
 * evidence and status report; the message never contains the credential's secret.
 */
public final class RemoteFailure extends RuntimeException {

    /** The failure classes the agent distinguishes; each maps to one operator action. */
    public enum Reason {
        /** The host name does not resolve. */
        DNS,
        /** Nothing listens on the port (TCP reset). */
        CONNECT_REFUSED,
        /** No TCP connection, or no protocol greeting, within the connect timeout. */
        CONNECT_TIMEOUT,
        /** The TLS certificate is neither trusted nor matches the pinned fingerprint. */
        TLS_CERTIFICATE,
        /** The SSH host key differs from the one recorded or pinned for this host. */
        HOST_KEY_CHANGED,
        /** The SSH host key is not known and trust on first use is off. */
        HOST_KEY_UNKNOWN,
        /** The host refused the account or its secret. */
        AUTHENTICATION,
        /**
         * The host refused a domain logon while its clock was more than Kerberos' 5 minutes off this appliance's (the
         * {@code Date} of its answer says by how much): a time problem, not a wrong password.
         */
        CLOCK_SKEW,
        /**
         * Not even tried: WinRM Basic over plain HTTP would send the password in clear text, and nobody accepted that
         * risk for this credential at the relay.
         */
        CLEARTEXT_REFUSED,
        /** A connected operation or the script itself exceeded its deadline. */
        TIMEOUT,
        /** The peer answered something that is not the expected protocol. */
        PROTOCOL,
        /** The script ran and exited non-zero (see {@link RemoteFailure#exitCode()} and the stderr in the message). */
        SCRIPT_ERROR;

        /** Lower-case word used in evidence and status, e.g. {@code host_key_changed}. */
        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Reason reason;
    private final Integer exitCode;

    public RemoteFailure(Reason reason, String message) {
        this(reason, message, null, null);
    }

    public RemoteFailure(Reason reason, String message, Throwable cause) {
        this(reason, message, null, cause);
    }

    private RemoteFailure(Reason reason, String message, Integer exitCode, Throwable cause) {
        super(reason.word() + ": " + message, cause);
        this.reason = reason;
        this.exitCode = exitCode;
    }

    /** A script that ran and exited non-zero. */
    public static RemoteFailure scriptError(String scriptName, int exitCode, String stderr) {
        String tail = stderr.length() > 2000 ? stderr.substring(stderr.length() - 2000) : stderr;
        return new RemoteFailure(Reason.SCRIPT_ERROR,
                scriptName + " exited with " + exitCode + (tail.isBlank() ? "" : ": " + tail.strip()), exitCode, null);
    }

    public Reason reason() {
        return reason;
    }

    /** The script's exit code for {@link Reason#SCRIPT_ERROR}, else null. */
    public Integer exitCode() {
        return exitCode;
    }
}
