package dev.osiris.protocol.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.protocol.InvalidMessageException;
import dev.osiris.protocol.json.Fields;
import dev.osiris.protocol.json.Json;

import java.util.List;

/**
 * A run of consecutive records shipped to the relay, with the public key that signed them.
 *
 * @param publicKey base64 of the appliance's raw Ed25519 public key
 * @param records   consecutive records, ascending sequence, at least one
 */
public record EvidenceBundle(String publicKey, List<EvidenceRecord> records) {

    public static final int SCHEMA = 1;
    public static final int MAX_RECORDS = 5_000;

    public EvidenceBundle {
        records = List.copyOf(records);
    }

    public ObjectNode toJson() {
        ObjectNode json = Json.object();
        json.put("schema", SCHEMA);
        json.put("publicKey", publicKey);
        ArrayNode array = json.putArray("records");
        records.forEach(r -> array.add(r.toJson()));
        return json;
    }

    public static EvidenceBundle fromJson(JsonNode node) {
        Fields f = new Fields(node, "bundle");
        f.requireSchema(SCHEMA);
        String key = f.requireName("publicKey", 64);
        List<EvidenceRecord> records = f.requireObjects("records", MAX_RECORDS, EvidenceRecord::read);
        if (records.isEmpty()) {
            throw new InvalidMessageException("bundle.records must hold at least one record");
        }
        f.refuseUnknown();
        return new EvidenceBundle(key, records);
    }

    public long firstSeq() {
        return records.getFirst().seq();
    }

    public long lastSeq() {
        return records.getLast().seq();
    }
}
