package dev.osiris.relay.identity;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.protocol.json.Json;

import java.time.Instant;

/**
 * A person who signed in before being a user: pending, approved (into {@code partnerId} as {@code role}, now
 * {@code userId}) or rejected. {@code partnerId} of a pending signup is the allow-list's suggestion, or null.
 */
public record Signup(String id, String provider, String issuer, String subject, String email, boolean emailVerified,
                     String verifiedDomain, String status, String partnerId, String role, String userId,
                     Instant createdAt, Instant decidedAt, String decidedBy) {

    public static final String PENDING = "pending";
    public static final String APPROVED = "approved";
    public static final String REJECTED = "rejected";

    public ObjectNode toJson() {
        ObjectNode json = Json.object();
        json.put("id", id);
        json.put("provider", provider);
        json.put("issuer", issuer);
        json.put("subject", subject);
        json.put("email", email);
        json.put("emailVerified", emailVerified);
        json.put("verifiedDomain", verifiedDomain);
        json.put("status", status);
        json.put("partnerId", partnerId);
        json.put("role", role);
        json.put("userId", userId);
        json.put("createdAt", createdAt.toString());
        json.put("decidedAt", decidedAt == null ? null : decidedAt.toString());
        json.put("decidedBy", decidedBy);
        return json;
    }
}
