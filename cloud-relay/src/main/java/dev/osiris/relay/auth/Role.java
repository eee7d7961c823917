package dev.osiris.relay.auth;

import dev.osiris.relay.RelayException;

/** A partner user's or partner API key's role, by its wire name. Platform admins are not a partner role. */
public enum Role {
    READONLY("readonly"),
    OPERATOR("operator"),
    ADMIN("admin");

    private final String wire;

    Role(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** @throws RelayException 400 naming the accepted roles */
    public static Role parse(String value) {
        for (Role r : values()) {
            if (r.wire.equals(value)) {
                return r;
            }
        }
        throw RelayException.badRequest("role must be one of admin, operator, readonly; got " + value);
    }
}
