package dev.osiris.agent.relay;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.protocol.checkin.CheckinResponse;
import dev.osiris.protocol.checkin.Target;
import dev.osiris.protocol.json.Json;

/** The non-secret part of the relay's configuration, as recorded in evidence when it changes. */
final class ConfigEvidence {

    private ConfigEvidence() {
    }

    static ObjectNode of(CheckinResponse r) {
        ObjectNode json = Json.object();
        json.put("applianceId", r.applianceId());
        json.put("siteId", r.siteId());
        json.put("siteName", r.siteName());
        json.put("checkinIntervalSeconds", r.checkinIntervalSeconds());
        json.put("healingMode", r.healingMode().wire());
        json.put("dryRun", r.dryRun());
        ArrayNode runbooks = json.putArray("enabledRunbooks");
        r.enabledRunbooks().forEach(runbooks::add);
        ArrayNode targets = json.putArray("targets");
        for (Target t : r.targets()) {
            // deliberately field by field: Target.toJson() would reveal the secret
            ObjectNode o = targets.addObject();
            o.put("id", t.id());
            o.put("host", t.host());
            o.put("transport", t.transport().wire());
            o.put("port", t.port());
            o.put("tls", t.tls());
            o.put("auth", t.auth());
            o.put("account", t.account());
            if (t.pin() != null) {
                o.put("pin", t.pin());
            }
        }
        return json;
    }
}
