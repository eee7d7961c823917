package dev.osiris.protocol.evidence;

import java.util.Arrays;

/**
 * Verifies a run of records against a chain: each record's hash recomputed from its canonical bytes,
 * its signature under the appliance key, its sequence one more than the previous and its link equal
 * to the previous hash. Feed records in order; the first failure sticks. Not thread-safe.
 */
public final class ChainVerifier {

    private final ApplianceKey.PublicKey key;
    private long expectedSeq;
    private String expectedPrevHash;
    private long verified;
    private Failure failure;

    /** Starts after a known head: {@code lastSeq} 0 and {@link EvidenceRecord#GENESIS} for a new chain. */
    public ChainVerifier(ApplianceKey.PublicKey key, long lastSeq, String lastHash) {
        this.key = key;
        this.expectedSeq = lastSeq + 1;
        this.expectedPrevHash = lastHash;
    }

    public static ChainVerifier fromGenesis(ApplianceKey.PublicKey key) {
        return new ChainVerifier(key, 0, EvidenceRecord.GENESIS);
    }

    /** Why a record failed, naming its sequence number. */
    public record Failure(long seq, String reason) {
        public String message() {
            return "evidence record " + seq + ": " + reason;
        }
    }

    /** @return true if the record extends the chain; false once any record has failed */
    public boolean accept(EvidenceRecord record) {
        if (failure != null) {
            return false;
        }
        if (record.seq() != expectedSeq) {
            return fail(record.seq(), record.seq() > expectedSeq
                    ? "gap: expected sequence " + expectedSeq
                    : "out of order: expected sequence " + expectedSeq);
        }
        if (!record.prevHash().equals(expectedPrevHash)) {
            return fail(record.seq(), "broken link: previous hash does not match record " + (record.seq() - 1));
        }
        byte[] hash = EvidenceCodec.sha256(EvidenceCodec.canonicalBytes(record));
        if (!Arrays.equals(hash, EvidenceCodec.unhex(record.hash()))) {
            return fail(record.seq(), "hash mismatch: the record's content was altered");
        }
        if (!key.verifyBase64(hash, record.signature())) {
            return fail(record.seq(), "bad signature: not signed by the appliance key " + key.base64());
        }
        expectedSeq++;
        expectedPrevHash = record.hash();
        verified++;
        return true;
    }

    private boolean fail(long seq, String reason) {
        failure = new Failure(seq, reason);
        return false;
    }

    public boolean ok() {
        return failure == null;
    }

    public Failure failure() {
        return failure;
    }

    public long verified() {
        return verified;
    }

    public long lastSeq() {
        return expectedSeq - 1;
    }

    public String lastHash() {
        return expectedPrevHash;
    }
}
