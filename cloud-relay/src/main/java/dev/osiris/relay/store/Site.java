package dev.osiris.relay.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.protocol.checkin.HealingMode;
import dev.osiris.protocol.json.Json;

import java.util.List;

/** A client site and the configuration its appliances receive. */
public record Site(String id, String partnerId, String name, int checkinIntervalSeconds, HealingMode healingMode,
                   boolean dryRun, List<String> enabledRunbooks) {

    public Site {
        enabledRunbooks = List.copyOf(enabledRunbooks);
    }

    public ObjectNode toJson() {
        ObjectNode json = Json.object();
        json.put("id", id);
        json.put("name", name);
        json.put("checkinIntervalSeconds", checkinIntervalSeconds);
        json.put("healingMode", healingMode.wire());
        json.put("dryRun", dryRun);
        enabledRunbooks.forEach(json.putArray("enabledRunbooks")::add);
        return json;
    }
}
