package dev.osiris.relay.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.protocol.checkin.HealingMode;
import dev.osiris.protocol.json.Json;

import java.util.List;

/**
 * A client site and the configuration its appliances receive.
 *
 * @param baseline    site parameters for runbook expectations, e.g. {@code {"dnsServers":["198.18.0.10"]}}
 * @param alertEmail  who is mailed about the site's incidents; null: the relay's default recipient
 * @param alertPolicy {@code critical} (only critical incidents are mailed) or {@code all}
 */
public record Site(String id, String partnerId, String name, int checkinIntervalSeconds, HealingMode healingMode,
                   boolean dryRun, List<String> enabledRunbooks, int scanIntervalSeconds, ObjectNode baseline,
                   String alertEmail, String alertPolicy) {

    public static final String ALERT_CRITICAL = "critical";
    public static final String ALERT_ALL = "all";

    public Site {
        enabledRunbooks = List.copyOf(enabledRunbooks);
        baseline = baseline.deepCopy();
    }

    @Override
    public ObjectNode baseline() {
        return baseline.deepCopy();
    }

    public ObjectNode toJson() {
        ObjectNode json = Json.object();
        json.put("id", id);
        json.put("name", name);
        json.put("checkinIntervalSeconds", checkinIntervalSeconds);
        json.put("healingMode", healingMode.wire());
        json.put("dryRun", dryRun);
        enabledRunbooks.forEach(json.putArray("enabledRunbooks")::add);
        json.put("scanIntervalSeconds", scanIntervalSeconds);
        json.set("baseline", baseline());
        if (alertEmail == null) {
            json.putNull("alertEmail");
        } else {
            json.put("alertEmail", alertEmail);
        }
        json.put("alertPolicy", alertPolicy);
        return json;
    }
}
