package dev.osiris.protocol.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.protocol.InvalidMessageException;
import dev.osiris.protocol.json.CanonicalJson;
import dev.osiris.protocol.json.Fields;
import dev.osiris.protocol.json.Json;

import java.time.Instant;

/**
 * One sealed evidence record: what the appliance saw or did, linked to its predecessor by hash and signed
 * with the appliance's Ed25519 key. {@code details} is kept in canonical JSON text so that the bytes that
 * were hashed are the bytes that are stored and shipped.
 *
 * @param seq       position in the appliance's chain, starting at 1
 * @param time      when it happened, millisecond precision
 * @param host      the host it concerns, or {@code appliance} for the appliance itself
 * @param checkId   the runbook or check id, or a lifecycle token such as {@code agent.start}
 * @param kind      {@link EvidenceKind} wire name
 * @param outcome   a lower-case token: pass, fail, drift, healed, error, info, ...
 * @param details   canonical JSON text of an object
 * @param prevHash  hex SHA-256 of the previous record, {@link #GENESIS} for the first
 * @param hash      hex SHA-256 of {@link EvidenceCodec#canonicalBytes}
 * @param signature base64 Ed25519 signature over the 32 hash bytes
 */
public record EvidenceRecord(long seq, Instant time, String host, String checkId, String kind, String outcome,
                             String details, String prevHash, String hash, String signature) {

    public static final int SCHEMA = 1;
    public static final String GENESIS = "0".repeat(64);
    public static final int MAX_DETAILS_CHARS = 64 * 1024;

    public ObjectNode toJson() {
        ObjectNode json = Json.object();
        json.put("schema", SCHEMA);
        json.put("seq", seq);
        json.put("time", time.toString());
        json.put("host", host);
        json.put("checkId", checkId);
        json.put("kind", kind);
        json.put("outcome", outcome);
        json.set("details", Json.parseObject(details));
        json.put("prevHash", prevHash);
        json.put("hash", hash);
        json.put("signature", signature);
        return json;
    }

    /** Decodes and validates the shape of one record; the hash and signature are checked by {@link ChainVerifier}. */
    public static EvidenceRecord fromJson(JsonNode node, String path) {
        return read(new Fields(node, path));
    }

    /**
     * Decodes one record strictly (unknown fields refused). Its text fields must hold no control character;
     * {@code details} may, since it is kept as canonical JSON text where they stay escaped.
     */
    public static EvidenceRecord read(Fields f) {
        f.requireSchema(SCHEMA);
        long seq = f.requireLong("seq");
        if (seq < 1) {
            throw new InvalidMessageException(f.path("seq") + " must be at least 1");
        }
        String details = CanonicalJson.encode(f.requireObjectKeptAsText("details"));
        if (details.length() > MAX_DETAILS_CHARS) {
            throw new InvalidMessageException(f.path("details") + " is larger than " + MAX_DETAILS_CHARS + " characters");
        }
        EvidenceRecord record = new EvidenceRecord(seq, f.requireInstant("time"), f.requireName("host", 255),
                f.requireName("checkId", 128), f.requireToken("kind"), f.requireToken("outcome"), details,
                f.requireHash("prevHash"), f.requireHash("hash"), f.requireName("signature", 128));
        f.refuseUnknown();
        return record;
    }

    public JsonNode detailsJson() {
        return Json.parseObject(details);
    }

}
