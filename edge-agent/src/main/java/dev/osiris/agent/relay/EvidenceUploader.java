package dev.osiris.agent.relay;

import dev.osiris.agent.evidence.Entries;
import dev.osiris.agent.evidence.EvidenceStore;
import dev.osiris.protocol.checkin.EvidenceHead;
import dev.osiris.protocol.evidence.EvidenceBundle;
import dev.osiris.protocol.evidence.EvidenceKind;
import dev.osiris.protocol.json.Json;
import io.vertx.core.Future;

/**
 * Uploads evidence the relay does not have yet, in bundles, from max(local watermark, relay head) until
 * caught up. The watermark moves only after a 200. A gap (409) resumes from the relay's head; a refused
 * record (422) stops uploads at that record for the life of this process, noted in the state and in evidence.
 */
final class EvidenceUploader {

    private static final int MAX_GAPS = 3;

    private final EvidenceStore store;
    private final RelayClient client;
    private final LinkState state;
    private final Entries entries;
    private final int bundleMax;
    private final Runnable changed;

    EvidenceUploader(EvidenceStore store, RelayClient client, LinkState state, Entries entries, int bundleMax, Runnable changed) {
        this.store = store;
        this.client = client;
        this.state = state;
        this.entries = entries;
        this.bundleMax = bundleMax;
        this.changed = changed;
    }

    Future<Void> upload(EvidenceHead relayHead) {
        return sameChain(relayHead).compose(v -> step(Math.max(state.uploadedThrough, relayHead.seq()), 0, bundleMax));
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

    private Future<Void> step(long after, int gaps, int limit) {
        if (state.refusedSeq > 0 && after + 1 >= state.refusedSeq) {
            return Future.succeededFuture();
        }
        return store.range(after, limit).compose(records -> {
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
            }).compose(outcome -> outcome == null ? step(after, gaps, Math.max(1, records.size() / 2)) : switch (outcome) {
                case UploadOutcome.Stored s -> stored(after, bundle, s, limit);
                case UploadOutcome.Gap g -> gaps >= MAX_GAPS
                        ? Future.failedFuture(RelayException.status(409, "evidence upload: relay keeps reporting a gap ("
                                + g.error() + ") at head " + g.head().seq()))
                        : step(g.head().seq(), gaps + 1, limit);
                case UploadOutcome.BadRecord b -> refused(b);
            });
        });
    }

    private Future<Void> stored(long after, EvidenceBundle bundle, UploadOutcome.Stored s, int limit) {
        state.duplicatesReported += s.duplicates();
        // trust the relay's head over the bundle's end: what it did not store must be sent again
        long through = Math.min(bundle.lastSeq(), s.head().seq());
        if (through <= after) {
            return Future.failedFuture(RelayException.status(200, "evidence upload: relay answered 200 but its head ("
                    + s.head().seq() + ") did not move past " + after));
        }
        return store.markUploadedThrough(through).compose(v -> {
            state.uploadedThrough = Math.max(state.uploadedThrough, through);
            changed.run();
            return step(through, 0, limit);
        });
    }

    private Future<Void> refused(UploadOutcome.BadRecord b) {
        state.refusedSeq = b.seq();
        state.refusedError = "relay refused evidence record " + b.seq() + ": " + b.error()
                + "; uploads stop before it until the agent restarts";
        var details = Json.object().put("seq", b.seq()).put("error", b.error());
        changed.run();
        return store.append(entries.appliance(EvidenceKind.AGENT, "evidence.refused", "error", details)).mapEmpty();
    }
}
