package dev.osiris.relay.auth;

/**
 * What a route needs. Every route of the relay's router declares one (see {@code SecuredRoutes}); {@link
 * Authorization} decides who holds it.
 */
public enum Permission {
    /** Anyone, unauthenticated: health and the sign-in pages. */
    PUBLIC,
    /** An appliance, by its own key and signature (check-ins, evidence); never a person or a partner key. */
    APPLIANCE,
    /** Any signed-in person or partner key: who am I, sign out. */
    SIGNED_IN,
    /** Read the partner's sites, appliances, credentials (never secrets), runbooks, incidents, compliance. */
    SITE_READ,
    /** Change them: sites, appliances, credentials, runbooks, healing mode, incidents. */
    SITE_WRITE,
    /** The partner's users and API keys. */
    TEAM_ADMIN,
    /** The partner's audit log. */
    AUDIT_READ,
    /** The relay operator's own staff: partners, pending signups, the domain allow-list. */
    PLATFORM_ADMIN,
    /**
     * Add and list appliance releases: a release reaches every partner's rollouts, so platform admins and the admins
     * of the relay's own partner hold it, no other partner.
     */
    RELEASE_ADMIN
}
