package dev.osiris.relay.auth;

import dev.osiris.relay.store.Tenant;

/**
 * The relay's one authorization table: whether a principal (or nobody) holds a permission. Plain Java, no Vert.x.
 * Deny by default: a permission this table does not grant to a kind is refused.
 */
public final class Authorization {

    /** What the router does with the request. */
    public enum Decision {
        ALLOW,
        /** 401: no credential, or one that is not for this kind of route. */
        UNAUTHENTICATED,
        /** 403: a valid credential whose role does not hold the permission. */
        FORBIDDEN
    }

    private Authorization() {
    }

    /** @param principal null when the request carried no valid person or partner credential */
    public static Decision decide(Principal principal, Permission permission) {
        if (permission == Permission.PUBLIC) {
            return Decision.ALLOW;
        }
        if (permission == Permission.APPLIANCE || principal == null) {
            // appliance routes authenticate appliances themselves; a person or partner key is not one
            return Decision.UNAUTHENTICATED;
        }
        if (permission == Permission.SIGNED_IN) {
            return Decision.ALLOW;
        }
        if (principal.kind() == Principal.Kind.PLATFORM_ADMIN) {
            return permission == Permission.PLATFORM_ADMIN || permission == Permission.RELEASE_ADMIN ? Decision.ALLOW
                    : Decision.FORBIDDEN;
        }
        if (permission == Permission.RELEASE_ADMIN) {
            return principal.role() == Role.ADMIN && principal.tenant() != null
                    && Tenant.DEFAULT_PARTNER.equals(principal.tenant().partnerId()) ? Decision.ALLOW : Decision.FORBIDDEN;
        }
        return partnerRoleHolds(principal.role(), permission) ? Decision.ALLOW : Decision.FORBIDDEN;
    }

    private static boolean partnerRoleHolds(Role role, Permission permission) {
        return switch (permission) {
            case SITE_READ -> true;
            case SITE_WRITE -> role == Role.OPERATOR || role == Role.ADMIN;
            case TEAM_ADMIN, AUDIT_READ -> role == Role.ADMIN;
            case PUBLIC, APPLIANCE, SIGNED_IN, PLATFORM_ADMIN, RELEASE_ADMIN -> false;
        };
    }
}
