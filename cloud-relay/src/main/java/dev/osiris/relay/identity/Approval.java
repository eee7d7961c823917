package dev.osiris.relay.identity;

import dev.osiris.relay.auth.Role;

import java.util.Optional;

/**
 * Whether a person who signed in for the first time becomes a user at once. Plain Java. Only a domain or tenant that
 * the provider verified counts (Google: {@code hd} with {@code email_verified}; Microsoft: the token's tenant id),
 * never the e-mail's domain as typed.
 */
public final class Approval {

    /** Approve now into {@code partnerId} as {@code role}, or wait (with a suggested partner, possibly null). */
    public record Decision(boolean approveNow, String partnerId, Role role) {
    }

    private Approval() {
    }

    public static Decision decide(VerifiedIdentity identity, Optional<AllowListEntry> entry, boolean approvalRequired) {
        if (identity.verifiedDomain() == null || entry.isEmpty()
                || !entry.get().domain().equals(identity.verifiedDomain())) {
            return new Decision(false, null, null);
        }
        AllowListEntry e = entry.get();
        return new Decision(!approvalRequired, e.partnerId(), e.role());
    }
}
