package dev.osiris.agent.evidence;

import dev.osiris.protocol.checkin.EvidenceHead;
import dev.osiris.protocol.evidence.ApplianceKey;
import dev.osiris.protocol.evidence.ChainVerifier;
import dev.osiris.protocol.evidence.EvidenceRecord;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Verifies a chain streamed in sequence order, in parallel: the stream is cut into segments and each is
 * checked by its own {@link ChainVerifier} starting after the stored last record of the previous segment.
 * That is as strong as one sequential pass, because the previous segment's verifier proves that stored
 * hash honest. Memory stays bounded by the segments in flight. Plain Java, blocking.
 */
public final class ChainAudit {

    private static final int SEGMENT = 8192;

    private final ApplianceKey.PublicKey key;
    private final int threads;

    public ChainAudit(ApplianceKey.PublicKey key, int threads) {
        this.key = key;
        this.threads = Math.max(1, threads);
    }

    public ChainReport verify(Iterator<EvidenceRecord> records) {
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "osiris-chain-audit");
            t.setDaemon(true);
            return t;
        });
        try {
            return run(records, pool);
        } finally {
            pool.shutdownNow();
        }
    }

    private ChainReport run(Iterator<EvidenceRecord> records, ExecutorService pool) {
        List<Future<ChainVerifier>> inFlight = new ArrayList<>();
        long lastSeq = 0;
        String lastHash = EvidenceRecord.GENESIS;
        long verified = 0;
        EvidenceHead head = EvidenceHead.EMPTY;
        while (records.hasNext()) {
            List<EvidenceRecord> segment = new ArrayList<>(SEGMENT);
            while (segment.size() < SEGMENT && records.hasNext()) {
                segment.add(records.next());
            }
            long startSeq = lastSeq;
            String startHash = lastHash;
            inFlight.add(pool.submit(() -> {
                ChainVerifier v = new ChainVerifier(key, startSeq, startHash);
                for (EvidenceRecord r : segment) {
                    if (!v.accept(r)) {
                        break;
                    }
                }
                return v;
            }));
            lastSeq = segment.getLast().seq();
            lastHash = segment.getLast().hash();
            if (inFlight.size() >= threads * 2) {
                ChainVerifier done = await(inFlight.removeFirst());
                verified += done.verified();
                head = new EvidenceHead(done.lastSeq(), done.lastHash());
                if (!done.ok()) {
                    return new ChainReport(verified, head, done.failure());
                }
            }
        }
        for (Future<ChainVerifier> f : inFlight) {
            ChainVerifier done = await(f);
            verified += done.verified();
            head = new EvidenceHead(done.lastSeq(), done.lastHash());
            if (!done.ok()) {
                return new ChainReport(verified, head, done.failure());
            }
        }
        return new ChainReport(verified, head, null);
    }

    private static ChainVerifier await(Future<ChainVerifier> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("chain verification interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("chain verification failed: " + e.getCause(), e.getCause());
        }
    }
}
