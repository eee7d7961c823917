package dev.osiris.protocol.checkin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.protocol.json.Fields;
import dev.osiris.protocol.json.Json;

import java.time.Instant;

/**
 * A partner's acceptance, for one credential, of sending its password in clear text (WinRM Basic over plain HTTP).
 *
 * @param acceptedBy who accepted it: {@code operator:<key name>} or {@code relay-cli:<user>}
 * @param acceptedAt when
 */
public record CleartextRisk(String acceptedBy, Instant acceptedAt) {

    public CleartextRisk {
        if (acceptedBy == null || acceptedBy.isBlank() || acceptedAt == null) {
            throw new IllegalArgumentException("a cleartext risk is accepted by someone at some time");
        }
    }

    public ObjectNode toJson() {
        return Json.object().put("acceptedBy", acceptedBy).put("acceptedAt", acceptedAt.toString());
    }

    public static CleartextRisk fromJson(JsonNode node, String path) {
        return read(new Fields(node, path));
    }

    /** Reads an acceptance with the strictness of {@code f}: strict in a report, lenient in the relay's answer. */
    public static CleartextRisk read(Fields f) {
        CleartextRisk risk = new CleartextRisk(f.requireName("acceptedBy", 255), f.requireInstant("acceptedAt"));
        f.refuseUnknown();
        return risk;
    }
}
