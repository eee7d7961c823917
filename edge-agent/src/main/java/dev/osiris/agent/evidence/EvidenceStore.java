package dev.osiris.agent.evidence;

import dev.osiris.protocol.checkin.EvidenceHead;
import dev.osiris.protocol.evidence.ApplianceKey;
import dev.osiris.protocol.evidence.EvidenceRecord;
import dev.osiris.protocol.evidence.EvidenceSealer;
import io.vertx.core.Future;

import java.util.List;

/**
 * The appliance's append-only, hash-chained and signed evidence log, durable before it acknowledges.
 * Futures complete on the caller's Vert.x context when called from one.
 */
public interface EvidenceStore {

    /**
     * Seals the entry onto the chain (next sequence, link, hash, signature) and commits it; appends that
     * arrive together share one commit. The future completes only after the record's commit, and fails
     * with {@link IllegalArgumentException} for an entry that cannot be recorded (blank host, non-token
     * outcome, details too large) or with the storage error, in which case nothing of it was stored.
     */
    Future<EvidenceRecord> append(EvidenceSealer.Entry entry);

    /** The last committed record's sequence and hash; {@link EvidenceHead#EMPTY} for an empty chain. */
    EvidenceHead head();

    /** Up to {@code limit} records with sequence greater than {@code afterSeq}, ascending. Fails with the storage error. */
    Future<List<EvidenceRecord>> range(long afterSeq, int limit);

    /** The record with this sequence, or null. */
    Future<EvidenceRecord> get(long seq);

    /** How many records are stored. */
    Future<Long> count();

    /** The highest sequence the relay has acknowledged storing (0 before any upload). */
    Future<Long> uploadedThrough();

    /** Moves the upload watermark forward (never back); completes after the commit. */
    Future<Void> markUploadedThrough(long seq);

    /**
     * Appends the entry unless one was already appended under {@code key} with this {@code version}: for a fact to
     * record once per change, across restarts (uploads held from a bad record, a credential's accepted cleartext
     * risk). Completes with the record, or null when it was recorded before; after a crash between the append and
     * the note of its version the entry may be recorded once more.
     */
    Future<EvidenceRecord> appendOnce(String key, long version, EvidenceSealer.Entry entry);

    /** Whether {@link #appendOnce} recorded an entry under {@code key} with this {@code version}, in any run. */
    Future<Boolean> recordedOnce(String key, long version);

    /** Re-verifies the whole stored chain from genesis: hashes, links and signatures. */
    Future<ChainReport> verify();

    /** The key that signs this chain. */
    ApplianceKey.PublicKey publicKey();

    /** Commits what is queued and closes the database. */
    Future<Void> close();
}
