package dev.osiris.relay.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.protocol.checkin.EvidenceHead;
import dev.osiris.protocol.checkin.TargetTransport;
import dev.osiris.protocol.json.Json;

import java.time.Instant;
import java.util.List;

/**
 * An appliance as operators see it: last contact, what it reported, how far its evidence has reached the relay.
 *
 * @param transports each target's transport security, as in its latest report
 */
public record ApplianceStatus(String id, String siteId, Instant lastCheckinAt, String agentVersion, String status,
                              String publicKey, EvidenceHead evidenceHead, List<TargetTransport> transports) {

    public ApplianceStatus {
        transports = transports == null ? List.of() : List.copyOf(transports);
    }

    public ObjectNode toJson() {
        ObjectNode json = Json.object();
        json.put("id", id);
        json.put("siteId", siteId);
        json.put("lastCheckinAt", lastCheckinAt == null ? null : lastCheckinAt.toString());
        json.put("agentVersion", agentVersion);
        json.put("status", status);
        json.put("publicKey", publicKey);
        json.set("evidenceHead", evidenceHead.toJson());
        var array = json.putArray("transports");
        transports.forEach(t -> array.add(t.toJson()));
        return json;
    }
}
