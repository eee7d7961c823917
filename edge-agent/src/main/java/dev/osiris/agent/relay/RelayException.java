package dev.osiris.agent.relay;

/**
 * A relay call that did not succeed. {@link #unreachable()} is true when the relay could not be reached
 * or answered 5xx (the same call may succeed later); otherwise the relay refused the request, and
 * {@link #status()} carries its HTTP status.
 */
public final class RelayException extends RuntimeException {

    private final int status;
    private final boolean unreachable;

    private RelayException(String message, int status, boolean unreachable, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.unreachable = unreachable;
    }

    public static RelayException unreachable(String message, Throwable cause) {
        return new RelayException(message, 0, true, cause);
    }

    public static RelayException status(int status, String message) {
        return new RelayException(message, status, status >= 500, null);
    }

    public int status() {
        return status;
    }

    public boolean unreachable() {
        return unreachable;
    }
}
