package dev.osiris.relay.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.protocol.json.Json;

import java.time.Instant;

/**
 * An API key as operators see it: never the key, nor its hash. Operator keys are named {@code opk-...}, an
 * appliance's key by the appliance's id.
 *
 * @param kind       {@code operator} or {@code appliance}
 * @param role       the operator key's role ({@code admin}, {@code operator}, {@code readonly}); null for an
 *                   appliance key
 * @param name       the operator key's name, or the appliance's site for an appliance key
 * @param lastUsedAt last authenticated request (an operator key, to the minute) or check-in (an appliance);
 *                   null if never
 * @param revokedAt  null while the key is valid
 */
public record ApiKeyInfo(String id, String kind, String role, String name, String partnerId, Instant createdAt,
                         Instant lastUsedAt, Instant revokedAt, String revokedBy) {

    public ObjectNode toJson() {
        ObjectNode json = Json.object();
        json.put("id", id);
        json.put("kind", kind);
        json.put("role", role);
        json.put("name", name);
        json.put("partnerId", partnerId);
        json.put("createdAt", createdAt.toString());
        json.put("lastUsedAt", lastUsedAt == null ? null : lastUsedAt.toString());
        json.put("revokedAt", revokedAt == null ? null : revokedAt.toString());
        json.put("revokedBy", revokedBy);
        return json;
    }
}
