package dev.osiris.relay;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.protocol.json.Json;

/**
 * A request the relay refuses, with the HTTP status that says why. The message is safe to show to the
 * client (it never contains secrets, keys or bodies); {@link #details()} adds fields to the error object,
 * such as the sequence number of the first missing evidence record.
 */
public final class RelayException extends RuntimeException {

    private final int status;
    private final ObjectNode details;

    public RelayException(int status, String message, ObjectNode details) {
        super(message, null, false, false);
        this.status = status;
        this.details = details == null ? Json.object() : details;
    }

    public RelayException(int status, String message) {
        this(status, message, null);
    }

    public int status() {
        return status;
    }

    /** Extra fields of the error object; never null. */
    public ObjectNode details() {
        return details.deepCopy();
    }

    public static RelayException badRequest(String message) {
        return new RelayException(400, message);
    }

    public static RelayException unauthorized(String message) {
        return new RelayException(401, message);
    }

    public static RelayException notFound(String message) {
        return new RelayException(404, message);
    }

    public static RelayException conflict(String message) {
        return new RelayException(409, message);
    }
}
