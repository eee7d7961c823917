package dev.osiris.relay.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.protocol.checkin.ClockReport;
import dev.osiris.protocol.checkin.EvidenceHead;
import dev.osiris.protocol.checkin.TargetTransport;
import dev.osiris.protocol.json.Json;

import java.time.Instant;
import java.util.List;

/**
 * An appliance as operators see it: last contact, what it reported, how far its evidence has reached the relay,
 * and, for a replaced one, when its chain ended and which appliance took over.
 *
 * @param replaces   the appliance this one replaced, or null
 * @param replacedBy the appliance that replaced this one, or null
 * @param endedAt    when this appliance's evidence chain ended (it was replaced), or null
 * @param transports each target's transport security, as in its latest report
 * @param clock      the appliance's clock as its latest report found it (NTP check), or null when it reported none
 * @param bootSlot   the A/B slot the appliance booted from ({@code a} or {@code b}) in its latest stored report, or
 *                   null before its first check-in
 */
public record ApplianceStatus(String id, String siteId, Instant lastCheckinAt, String agentVersion, String bootSlot,
                              String status,
                              String publicKey, EvidenceHead evidenceHead, String replaces, String replacedBy,
                              Instant endedAt, String endedReason, String endedBy, List<TargetTransport> transports,
                              ClockReport clock) {

    public ApplianceStatus {
        transports = transports == null ? List.of() : List.copyOf(transports);
    }

    public ObjectNode toJson() {
        ObjectNode json = Json.object();
        json.put("id", id);
        json.put("siteId", siteId);
        json.put("lastCheckinAt", lastCheckinAt == null ? null : lastCheckinAt.toString());
        json.put("agentVersion", agentVersion);
        json.put("bootSlot", bootSlot);
        json.put("status", status);
        json.put("publicKey", publicKey);
        json.set("evidenceHead", evidenceHead.toJson());
        json.put("replaces", replaces);
        json.put("replacedBy", replacedBy);
        if (endedAt != null) {
            json.set("ended", Json.object().put("at", endedAt.toString()).put("reason", endedReason)
                    .put("by", endedBy));
        }
        var array = json.putArray("transports");
        transports.forEach(t -> array.add(t.toJson()));
        json.set("clock", clock == null ? null : clock.toJson());
        return json;
    }
}
