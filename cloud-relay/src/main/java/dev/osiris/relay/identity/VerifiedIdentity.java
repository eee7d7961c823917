package dev.osiris.relay.identity;

/**
 * Who an ID token says signed in, after every check: the provider's issuer and subject (Microsoft: the tenant's
 * issuer and the object id), and what the provider verified.
 *
 * @param email          a label; verified only if {@code emailVerified}
 * @param verifiedDomain Google's {@code hd} (a Workspace domain) or, for Microsoft, the tenant id; null if none
 */
public record VerifiedIdentity(String provider, String issuer, String subject, String email, boolean emailVerified,
                               String verifiedDomain) {
}
