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
        return read(new Fields(node, path));
    }

    public static ReplacedChain read(Fields f) {
        return new ReplacedChain(f.requireName("applianceId", 64), EvidenceHead.read(f.object("finalHead")),
                f.requireInstant("endedAt"), f.requireName("endedBy", 200),
                f.optionalText("reason", MAX_REASON, ""));
    }
}
