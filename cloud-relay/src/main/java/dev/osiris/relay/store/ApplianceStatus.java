package dev.osiris.relay.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.protocol.checkin.EvidenceHead;
import dev.osiris.protocol.json.Json;

import java.time.Instant;

/** An appliance as operators see it: last contact, what it reported, how far its evidence has reached the relay. */
public record ApplianceStatus(String id, String siteId, Instant lastCheckinAt, String agentVersion, String status,
                              String publicKey, EvidenceHead evidenceHead) {

    public ObjectNode toJson() {
        ObjectNode json = Json.object();
        json.put("id", id);
        json.put("siteId", siteId);
        json.put("lastCheckinAt", lastCheckinAt == null ? null : lastCheckinAt.toString());
        json.put("agentVersion", agentVersion);
        json.put("status", status);
        json.put("publicKey", publicKey);
        json.set("evidenceHead", evidenceHead.toJson());
        return json;
    }
}
