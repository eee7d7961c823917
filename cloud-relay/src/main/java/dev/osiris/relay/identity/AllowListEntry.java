package dev.osiris.relay.identity;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.protocol.json.Json;
import dev.osiris.relay.auth.Role;

import java.time.Instant;

/** A verified domain (Google's {@code hd}) or Microsoft tenant id whose people belong to a partner, with a role. */
public record AllowListEntry(String domain, String partnerId, Role role, Instant createdAt, String createdBy) {

    public ObjectNode toJson() {
        return Json.object().put("domain", domain).put("partnerId", partnerId).put("role", role.wire())
                .put("createdAt", createdAt.toString()).put("createdBy", createdBy);
    }
}
