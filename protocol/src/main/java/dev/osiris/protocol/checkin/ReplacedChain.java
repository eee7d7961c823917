package dev.osiris.protocol.checkin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.protocol.json.Fields;
import dev.osiris.protocol.json.Json;

import java.time.Instant;

/**
 * The appliance this one replaced, as the relay tells it in each check-in answer: the replaced appliance's
 * evidence chain ended at {@code finalHead} when an operator replaced it, and this appliance's chain starts anew.
 *
 * @param reason what the operator gave as the reason, possibly empty
 */
public record ReplacedChain(String applianceId, EvidenceHead finalHead, Instant endedAt, String endedBy,
                            String reason) {

    public static final int MAX_REASON = 500;

    public ObjectNode toJson() {
        ObjectNode json = Json.object();
        json.put("applianceId", applianceId);
        json.set("finalHead", finalHead.toJson());
        json.put("endedAt", endedAt.toString());
        json.put("endedBy", endedBy);
        json.put("reason", reason);
        return json;
    }

    public static ReplacedChain fromJson(JsonNode node, String path) {
        Fields f = new Fields(node, path);
        return new ReplacedChain(f.requireText("applianceId", 64),
                EvidenceHead.fromJson(f.requireObject("finalHead"), f.path("finalHead")),
                f.requireInstant("endedAt"), f.requireText("endedBy", 200),
                f.optionalText("reason", MAX_REASON, ""));
    }
}
