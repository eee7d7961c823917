package dev.osiris.relay.store;

/**
 * Whose data a call may see: one partner's (an operator key), or everything (the relay's own admin and CLI).
 * Rows of another partner are reported as absent, never as forbidden.
 */
public record Tenant(String partnerId) {

    public static final Tenant ANY = new Tenant(null);
    public static final String DEFAULT_PARTNER = "default";

    public static Tenant partner(String partnerId) {
        if (partnerId == null) {
            throw new IllegalArgumentException("partnerId must not be null");
        }
        return new Tenant(partnerId);
    }

    /** The partner new rows of an unrestricted tenant belong to. */
    public String owner() {
        return partnerId == null ? DEFAULT_PARTNER : partnerId;
    }
}
