package dev.osiris.agent.evidence;

import dev.osiris.protocol.evidence.ApplianceKey;
import dev.osiris.protocol.evidence.ChainVerifier;
import dev.osiris.protocol.evidence.EvidenceRecord;
import dev.osiris.protocol.evidence.EvidenceSealer;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class BatchSealerTest {

    private final ApplianceKey key = ApplianceKey.generate(new SecureRandom());

    @Test
    void sealsExactlyLikeTheProtocolSealerOneByOne() {
        List<EvidenceSealer.Entry> entries = IntStream.range(0, 50).mapToObj(StoreFixture::entry).toList();
        ForkJoinPool pool = new ForkJoinPool(4);
        EvidenceRecord[] batch = new BatchSealer(key, pool).seal(10, "ab".repeat(32), entries);
        pool.shutdown();

        EvidenceSealer sealer = new EvidenceSealer(key);
        long seq = 10;
        String prev = "ab".repeat(32);
        ChainVerifier verifier = new ChainVerifier(key.publicKey(), 10, prev);
        for (int i = 0; i < entries.size(); i++) {
            EvidenceRecord expected = sealer.seal(++seq, prev, entries.get(i));
            assertThat(batch[i]).isEqualTo(expected);
            assertThat(verifier.accept(batch[i])).isTrue();
            prev = expected.hash();
        }
    }
}
