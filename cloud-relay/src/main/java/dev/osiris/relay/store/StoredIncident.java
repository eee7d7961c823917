package dev.osiris.relay.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.protocol.checkin.Incident;
import dev.osiris.protocol.checkin.Resolution;

import java.time.Instant;

/**
 * An incident as the relay keeps it: what the appliance reported, where it came from, and its resolution.
 *
 * @param resolution null while the incident is open
 */
public record StoredIncident(String applianceId, String siteId, Incident incident, Instant receivedAt,
                             Resolution resolution) {

    public boolean resolved() {
        return resolution != null;
    }

    /** The incident's wire fields plus {@code applianceId}, {@code siteId}, {@code status}, {@code receivedAt}, {@code resolution}. */
    public ObjectNode toJson() {
        ObjectNode json = incident.toJson();
        json.put("applianceId", applianceId);
        json.put("siteId", siteId);
        json.put("status", resolved() ? "resolved" : "open");
        json.put("receivedAt", receivedAt.toString());
        if (resolution == null) {
            json.putNull("resolution");
        } else {
            json.set("resolution", resolution.toJson());
        }
        return json;
    }
}
