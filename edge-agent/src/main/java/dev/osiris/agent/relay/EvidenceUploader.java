package dev.osiris.agent.relay;

import dev.osiris.agent.evidence.Entries;
import dev.osiris.agent.evidence.EvidenceStore;
import dev.osiris.protocol.checkin.EvidenceHead;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.protocol.evidence.ChainVerifier;
import dev.osiris.protocol.evidence.EvidenceBundle;
import dev.osiris.protocol.evidence.EvidenceCodec;
import dev.osiris.protocol.evidence.EvidenceRecord;
import dev.osiris.protocol.evidence.EvidenceKind;
import dev.osiris.protocol.json.Json;
import io.vertx.core.Future;

import java.util.List;

/**
 * Uploads evidence the relay does not have yet, in bundles, from max(local watermark, relay head) until
 * caught up. The watermark moves only after a 200. A gap (409) resumes from the relay's head.
 *
 * <p>Each bundle's records are checked here first (sequence, link, hash), and a bad one holds uploads from it:
 * the good records before it are sent, it and the records after it stay here. A record the relay refuses (422)
 * holds uploads the same way. A hold lasts for the life of this process, is in the link state for the status, and
 * is recorded in evidence once per bad record (the record is kept in the database, so not again after a restart).
 * Progress goes into the cycle's {@link CycleProgress}, never into the link state directly.
 */
final class EvidenceUploader {

    private static final int MAX_GAPS = 3;

    private final EvidenceStore store;
    private final RelayClient client;
    private final Entries entries;
    private final int bundleMax;

    EvidenceUploader(EvidenceStore store, RelayClient client, Entries entries, int bundleMax) {
        this.store = store;
        this.client = client;
        this.entries = entries;
        this.bundleMax = bundleMax;
    }

    Future<Void> upload(CycleProgress progress, EvidenceHead relayHead) {
        return sameChain(relayHead).compose(v -> step(progress, Math.max(progress.uploadedThrough, relayHead.seq()), 0,
                bundleMax));
    }

    /** The relay's head must be a record of this chain; otherwise uploading would only meet refusals. */
    private Future<Void> sameChain(EvidenceHead relayHead) {
        EvidenceHead local = store.head();
        if (relayHead.seq() == 0) {
            return Future.succeededFuture();
        }
        if (relayHead.seq() > local.seq()) {
            return Future.failedFuture(RelayException.status(409, "evidence: the relay holds records up to "
                    + relayHead.seq() + " but the local chain ends at " + local.seq()
                    + "; the local evidence database was replaced or restored from an old copy"));
        }
        return store.get(relayHead.seq()).compose(r -> r != null && r.hash().equals(relayHead.hash())
                ? Future.succeededFuture()
                : Future.failedFuture(RelayException.status(409, "evidence: the relay's record " + relayHead.seq()
                        + " differs from the local one; the chains have forked (local evidence database replaced?)")));
    }

    private Future<Void> step(CycleProgress progress, long after, int gaps, int limit) {
        long held = progress.heldFrom;
        if (held > 0 && after + 1 >= held) {
            return Future.succeededFuture();
        }
        int n = held > 0 ? (int) Math.min(limit, held - 1 - after) : limit;
        return Future.all(store.range(after, n), anchor(after)).compose(all -> {
            List<EvidenceRecord> records = all.resultAt(0);
            ChainVerifier.Failure bad = firstBad(after, all.resultAt(1), records);
            if (bad != null) {
                return hold(progress, bad.seq(), "fails verification on this appliance (" + bad.reason() + ")", "local")
                        .compose(v -> step(progress, after, gaps, limit));
            }
            if (records.isEmpty()) {
                return Future.succeededFuture();
            }
            EvidenceBundle bundle = new EvidenceBundle(store.publicKey().base64(), records);
            return client.upload(bundle).recover(e -> {
                // a bundle over the relay's body limit is split until it fits (records carry up to 64 KiB of details)
                if (e instanceof RelayException re && re.status() == 413 && records.size() > 1) {
                    return Future.succeededFuture(null);
                }
                return Future.failedFuture(e);
            }).compose(outcome -> outcome == null ? step(progress, after, gaps, Math.max(1, records.size() / 2)) : switch (outcome) {
                case UploadOutcome.Stored s -> stored(progress, after, bundle, s, limit);
                case UploadOutcome.Gap g -> gaps >= MAX_GAPS
                        ? Future.failedFuture(RelayException.status(409, "evidence upload: relay keeps reporting a gap ("
                                + g.error() + ") at head " + g.head().seq()))
                        : step(progress, g.head().seq(), gaps + 1, limit);
                // the relay stores a bundle whole or not at all: the records before the refused one go again alone
                // (a seq outside the bundle would repeat the refusal forever: then the whole bundle is held)
                case UploadOutcome.BadRecord b -> hold(progress, b.seq() > bundle.firstSeq() && b.seq() <= bundle.lastSeq()
                        ? b.seq() : bundle.firstSeq(), "was refused by the relay: " + b.error(), "relay")
                        .compose(v -> step(progress, after, gaps, limit));
            });
        });
    }

    /** The hash the record after {@code seq} must link to. */
    private Future<String> anchor(long seq) {
        return seq == 0 ? Future.succeededFuture(EvidenceRecord.GENESIS)
                : store.get(seq).map(r -> r == null ? EvidenceRecord.GENESIS : r.hash());
    }

    /**
     * The first record that does not extend the chain after the anchor (sequence, link, hash), or null when all do.
     * Signatures are left to the relay, which refuses a bad one precisely: verifying them here would put one
     * Ed25519 check per record on the event loop, and an altered record without the key shows in its hash or link.
     */
    private static ChainVerifier.Failure firstBad(long after, String anchorHash, List<EvidenceRecord> records) {
        long expected = after + 1;
        String previous = anchorHash;
        for (EvidenceRecord r : records) {
            if (r.seq() != expected) {
                return new ChainVerifier.Failure(r.seq(), "gap: expected sequence " + expected);
            }
            if (!r.prevHash().equals(previous)) {
                return new ChainVerifier.Failure(r.seq(), "broken link: previous hash does not match record " + (r.seq() - 1));
            }
            if (!EvidenceCodec.hex(EvidenceCodec.sha256(EvidenceCodec.canonicalBytes(r))).equals(r.hash())) {
                return new ChainVerifier.Failure(r.seq(), "hash mismatch: the record's content was altered");
            }
            expected++;
            previous = r.hash();
        }
        return null;
    }

    private Future<Void> stored(CycleProgress progress, long after, EvidenceBundle bundle, UploadOutcome.Stored s,
                                int limit) {
        progress.duplicatesReported += s.duplicates();
        // trust the relay's head over the bundle's end: what it did not store must be sent again
        long through = Math.min(bundle.lastSeq(), s.head().seq());
        if (through <= after) {
            return Future.failedFuture(RelayException.status(200, "evidence upload: relay answered 200 but its head ("
                    + s.head().seq() + ") did not move past " + after));
        }
        return store.markUploadedThrough(through).compose(v -> {
            progress.uploadedThrough = Math.max(progress.uploadedThrough, through);
            return step(progress, through, 0, limit);
        });
    }

    /**
     * Holds uploads from record {@code seq} and says in the state what a person must do; records it in evidence
     * unless it was already recorded for this very record.
     */
    private Future<Void> hold(CycleProgress progress, long seq, String why, String source) {
        progress.heldFrom = seq;
        progress.heldReason = "evidence record " + seq + " " + why + "; uploads to the relay are held from record "
                + seq + " (records before it are uploaded, it and later ones stay on this appliance). To inspect: "
                + "osiris-agent evidence verify; an altered record cannot be repaired: restore evidence.db from a"
                + " backup made before the change, or replace the appliance";
        ObjectNode details = Json.object().put("seq", seq).put("source", source).put("error", why);
        return store.appendOnce("uploadsHeldFrom", seq,
                entries.appliance(EvidenceKind.AGENT, "evidence.refused", "error", details)).mapEmpty();
    }
}
