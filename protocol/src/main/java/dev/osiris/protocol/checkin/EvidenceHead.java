package dev.osiris.protocol.checkin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.protocol.evidence.EvidenceRecord;
import dev.osiris.protocol.json.Fields;
import dev.osiris.protocol.json.Json;

/** The last record of a chain: sequence 0 and the genesis hash for an empty chain. */
public record EvidenceHead(long seq, String hash) {

    public static final EvidenceHead EMPTY = new EvidenceHead(0, EvidenceRecord.GENESIS);

    public ObjectNode toJson() {
        ObjectNode json = Json.object();
        json.put("seq", seq);
        json.put("hash", hash);
        return json;
    }

    public static EvidenceHead fromJson(JsonNode node, String path) {
        return read(new Fields(node, path));
    }

    /** Reads a head with the strictness of {@code f}: strict in a report, lenient in the relay's answer. */
    public static EvidenceHead read(Fields f) {
        EvidenceHead head = new EvidenceHead(f.requireNonNegative("seq"), f.requireHash("hash"));
        f.refuseUnknown();
        return head;
    }
}
