package dev.osiris.relay.auth;

import dev.osiris.relay.store.Tenant;

/**
 * Who is calling a person's or partner's route: a partner API key, a partner user (by session cookie), or a
 * platform admin (by session cookie).
 *
 * @param id        the key's id ({@code opk-...}) or the user's id ({@code usr-...}); never a key or token
 * @param name      the key's name or the user's e-mail, for audit rows
 * @param tenant    the partner whose data the principal sees; null for a platform admin, who holds no partner
 *                  permission (never {@link Tenant#ANY})
 * @param role      the partner role; null for a platform admin
 * @param csrfToken the session's CSRF token when authenticated by cookie, else null
 */
public record Principal(Kind kind, String id, String name, Tenant tenant, Role role, String csrfToken) {

    public enum Kind { PARTNER_KEY, PARTNER_USER, PLATFORM_ADMIN }

    public static Principal key(String keyId, String name, String partnerId, Role role) {
        return new Principal(Kind.PARTNER_KEY, keyId, name, Tenant.partner(partnerId), role, null);
    }

    public boolean byCookie() {
        return csrfToken != null;
    }

    /** How audit rows and ended chains name this principal. */
    public String actor() {
        return switch (kind) {
            case PARTNER_KEY -> "operator " + name + " (" + id + ")";
            case PARTNER_USER -> "user " + name + " (" + id + ")";
            case PLATFORM_ADMIN -> "platform admin " + name + " (" + id + ")";
        };
    }
}
