package dev.osiris.relay.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.protocol.json.Json;

import java.time.Instant;

/**
 * One change, as the audit log keeps it (HIPAA 164.312(b)): who, what, on what, when and from where.
 *
 * @param partnerId whose tenant it belongs to; null for the relay's own admin, CLI and platform admins
 * @param actor     who made it: {@code user alice@msp.example (usr-...)}, {@code operator ci (opk-...)}
 * @param action    what: the route, e.g. {@code POST /api/sites/:siteId/credentials}
 * @param subject   on what: the ids of the request's path, e.g. {@code siteId=site-1}
 * @param source    from where: the client's address
 * @param details   the answer's status and, where a route says, what changed (never a secret)
 */
public record AuditEntry(long id, Instant at, String partnerId, String actor, String action, String subject,
                         String source, ObjectNode details) {

    public ObjectNode toJson() {
        ObjectNode json = Json.object();
        json.put("id", id);
        json.put("at", at.toString());
        json.put("actor", actor);
        json.put("action", action);
        json.put("subject", subject);
        json.put("source", source);
        json.set("details", details);
        return json;
    }
}
