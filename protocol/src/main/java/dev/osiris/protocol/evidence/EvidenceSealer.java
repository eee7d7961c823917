package dev.osiris.protocol.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import dev.osiris.protocol.json.CanonicalJson;

import java.time.Instant;

/** Seals new records onto a chain: computes the canonical bytes, the hash and the signature. */
public final class EvidenceSealer {

    private final ApplianceKey key;

    public EvidenceSealer(ApplianceKey key) {
        this.key = key;
    }

    /** What the caller asks to record; the sealer adds sequence, link, hash and signature. */
    public record Entry(Instant time, String host, String checkId, EvidenceKind kind, String outcome, JsonNode details) {
    }

    public EvidenceRecord seal(long seq, String prevHash, Entry entry) {
        Instant time = Instant.ofEpochMilli(entry.time().toEpochMilli());
        String details = CanonicalJson.encode(entry.details());
        byte[] hash = EvidenceCodec.sha256(EvidenceCodec.canonicalBytes(seq, time, entry.host(), entry.checkId(),
                entry.kind().wire(), entry.outcome(), details, prevHash));
        return new EvidenceRecord(seq, time, entry.host(), entry.checkId(), entry.kind().wire(), entry.outcome(),
                details, prevHash, EvidenceCodec.hex(hash), key.signBase64(hash));
    }

    public ApplianceKey.PublicKey publicKey() {
        return key.publicKey();
    }
}
