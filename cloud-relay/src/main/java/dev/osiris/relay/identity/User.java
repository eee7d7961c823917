package dev.osiris.relay.identity;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.protocol.json.Json;
import dev.osiris.relay.auth.Role;

import java.time.Instant;

/**
 * A person who may sign in: a partner's user with a role, or a platform admin (no partner, no partner role).
 * Known by the identity provider's issuer and subject; the e-mail is only a label.
 *
 * @param partnerId null for a platform admin
 * @param role      null for a platform admin
 * @param removedAt null while the user may sign in
 */
public record User(String id, String partnerId, Role role, String issuer, String subject, String email,
                   Instant createdAt, Instant removedAt) {

    public static final String PLATFORM_ADMIN = "platform-admin";

    public boolean platformAdmin() {
        return partnerId == null;
    }

    /** The stored role: a partner role's wire name, or {@value #PLATFORM_ADMIN}. */
    public String roleName() {
        return role == null ? PLATFORM_ADMIN : role.wire();
    }

    public ObjectNode toJson() {
        ObjectNode json = Json.object();
        json.put("id", id);
        json.put("partnerId", partnerId);
        json.put("role", roleName());
        json.put("issuer", issuer);
        json.put("subject", subject);
        json.put("email", email);
        json.put("createdAt", createdAt.toString());
        json.put("removedAt", removedAt == null ? null : removedAt.toString());
        return json;
    }
}
