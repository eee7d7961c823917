package dev.osiris.protocol;

/**
 * A wire message that cannot be accepted: malformed JSON, a missing or ill-typed field, an unknown
 * schema version. The message names the offending field by its path, e.g. {@code records[3].hash}.
 */
public final class InvalidMessageException extends RuntimeException {

    public InvalidMessageException(String message) {
        super(message);
    }

    public InvalidMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
