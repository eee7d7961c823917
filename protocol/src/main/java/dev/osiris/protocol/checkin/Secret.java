package dev.osiris.protocol.checkin;

/**
 * A host credential's secret (password or private key). It lives only in memory: its {@code toString}
 * is {@code [REDACTED]} so that no log line, exception message or debugger summary can show it.
 */
public final class Secret {

    private final String value;

    public Secret(String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("a secret must not be empty");
        }
        this.value = value;
    }

    /** The plain value, for the one call that hands it to a transport or encrypts it. */
    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "[REDACTED]";
    }
}
