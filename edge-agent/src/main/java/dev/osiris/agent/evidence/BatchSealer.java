package dev.osiris.agent.evidence;

import dev.osiris.protocol.evidence.ApplianceKey;
import dev.osiris.protocol.evidence.EvidenceCodec;
import dev.osiris.protocol.evidence.EvidenceRecord;
import dev.osiris.protocol.evidence.EvidenceSealer;
import dev.osiris.protocol.json.CanonicalJson;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * Seals a run of entries exactly as {@link EvidenceSealer#seal} does, but signs in parallel: the hashes
 * must be computed in order (each links to the previous), while the signatures over them are independent.
 * Plain Java; the pool is the store's.
 */
final class BatchSealer {

    private static final int PARALLEL_FROM = 8;

    private final ApplianceKey key;
    private final ForkJoinPool pool;

    BatchSealer(ApplianceKey key, ForkJoinPool pool) {
        this.key = key;
        this.pool = pool;
    }

    EvidenceRecord[] seal(long lastSeq, String lastHash, List<EvidenceSealer.Entry> entries) {
        int n = entries.size();
        Instant[] times = new Instant[n];
        String[] details = new String[n];
        String[] prev = new String[n];
        byte[][] hashes = new byte[n][];
        String link = lastHash;
        for (int i = 0; i < n; i++) {
            EvidenceSealer.Entry e = entries.get(i);
            times[i] = Instant.ofEpochMilli(e.time().toEpochMilli());
            details[i] = CanonicalJson.encode(e.details());
            prev[i] = link;
            hashes[i] = EvidenceCodec.sha256(EvidenceCodec.canonicalBytes(lastSeq + 1 + i, times[i], e.host(), e.checkId(),
                    e.kind().wire(), e.outcome(), details[i], link));
            link = EvidenceCodec.hex(hashes[i]);
        }
        String[] signatures = new String[n];
        if (n < PARALLEL_FROM || pool.getParallelism() < 2) {
            for (int i = 0; i < n; i++) {
                signatures[i] = key.signBase64(hashes[i]);
            }
        } else {
            pool.submit(() -> IntStream.range(0, n).parallel().forEach(i -> signatures[i] = key.signBase64(hashes[i]))).join();
        }
        EvidenceRecord[] out = new EvidenceRecord[n];
        for (int i = 0; i < n; i++) {
            EvidenceSealer.Entry e = entries.get(i);
            out[i] = new EvidenceRecord(lastSeq + 1 + i, times[i], e.host(), e.checkId(), e.kind().wire(), e.outcome(),
                    details[i], prev[i], EvidenceCodec.hex(hashes[i]), signatures[i]);
        }
        return out;
    }
}
