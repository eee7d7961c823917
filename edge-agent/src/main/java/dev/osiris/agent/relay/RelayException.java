package dev.osiris.agent.relay;

import java.time.Duration;
import java.util.Optional;

/**
 * A relay call that did not succeed. {@link #unreachable()} is true when the relay could not be reached
 * or answered 5xx (the same call may succeed later); otherwise the relay refused the request, and
 * {@link #status()} carries its HTTP status. {@link #retryAfter()} is how long the relay asked the agent to wait
 * (its {@code Retry-After} on a 503 or 429), when it did.
 */
public final class RelayException extends RuntimeException {

    private final int status;
    private final boolean unreachable;
    private final Duration retryAfter;

    private RelayException(String message, int status, boolean unreachable, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.unreachable = unreachable;
        this.retryAfter = retryAfter;
    }

    public static RelayException unreachable(String message, Throwable cause) {
        return new RelayException(message, 0, true, null, cause);
    }

    public static RelayException status(int status, String message) {
        return new RelayException(message, status, status >= 500, null, null);
    }

    /** A refusal with the relay's {@code Retry-After}, null when it gave none. */
    public static RelayException status(int status, String message, Duration retryAfter) {
        return new RelayException(message, status, status >= 500, retryAfter, null);
    }

    public int status() {
        return status;
    }

    public boolean unreachable() {
        return unreachable;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
