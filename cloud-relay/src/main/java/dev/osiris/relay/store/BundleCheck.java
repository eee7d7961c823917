package dev.osiris.relay.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.protocol.checkin.EvidenceHead;
import dev.osiris.protocol.evidence.ApplianceKey;
import dev.osiris.protocol.evidence.ChainVerifier;
import dev.osiris.protocol.evidence.EvidenceBundle;
import dev.osiris.protocol.evidence.EvidenceCodec;
import dev.osiris.protocol.evidence.EvidenceRecord;
import dev.osiris.protocol.json.Json;
import dev.osiris.relay.RelayException;

import java.util.List;
import java.util.Map;

/**
 * Decides what of a bundle to store, given what the relay already holds: records at or below the stored head must
 * be identical re-sends (counted as duplicates); the rest must continue the stored chain without a gap, each with
 * a correct hash and signature. Plain Java; CPU-bound (one signature check per new record).
 */
public final class BundleCheck {

    private BundleCheck() {
    }

    /** Records to insert, duplicates skipped, and the head after insertion. */
    public record Plan(List<EvidenceRecord> toStore, int duplicates, EvidenceHead head) {
    }

    /**
     * @param storedHashes hashes of the stored records whose seq the bundle repeats
     * @throws RelayException 409 for a gap or a record that differs from the stored one at its seq,
     *                        422 for a bad hash, signature or link (the message names the record)
     */
    public static Plan plan(EvidenceBundle bundle, ApplianceKey.PublicKey key, EvidenceHead stored,
                            Map<Long, String> storedHashes) {
        List<EvidenceRecord> records = bundle.records();
        int i = 0;
        long expected = records.getFirst().seq();
        while (i < records.size() && records.get(i).seq() <= stored.seq()) {
            EvidenceRecord r = records.get(i);
            if (r.seq() != expected) {
                throw invalid(r.seq(), "out of order: expected sequence " + expected);
            }
            String hash = storedHashes.get(r.seq());
            if (hash == null || !hash.equals(r.hash())) {
                ObjectNode details = Json.object().put("seq", r.seq());
                throw new RelayException(409, "record " + r.seq() + " differs from the record the relay holds at"
                        + " that sequence", details);
            }
            if (!EvidenceCodec.hex(EvidenceCodec.sha256(EvidenceCodec.canonicalBytes(r))).equals(r.hash())) {
                throw invalid(r.seq(), "hash mismatch: the record's content was altered");
            }
            expected++;
            i++;
        }
        List<EvidenceRecord> fresh = records.subList(i, records.size());
        if (fresh.isEmpty()) {
            return new Plan(List.of(), i, stored);
        }
        long first = fresh.getFirst().seq();
        if (first > stored.seq() + 1) {
            ObjectNode details = Json.object().put("seq", stored.seq() + 1);
            details.set("head", stored.toJson());
            throw new RelayException(409, "gap: the relay holds records up to " + stored.seq()
                    + ", the bundle starts at " + first + "; send from " + (stored.seq() + 1), details);
        }
        ChainVerifier verifier = new ChainVerifier(key, stored.seq(), stored.hash());
        for (EvidenceRecord r : fresh) {
            if (!verifier.accept(r)) {
                ChainVerifier.Failure failure = verifier.failure();
                throw invalid(failure.seq(), failure.reason());
            }
        }
        return new Plan(List.copyOf(fresh), i, new EvidenceHead(verifier.lastSeq(), verifier.lastHash()));
    }

    private static RelayException invalid(long seq, String reason) {
        return new RelayException(422, "record " + seq + ": " + reason, Json.object().put("seq", seq));
    }
}
