package dev.osiris.relay.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.protocol.checkin.EvidenceHead;
import dev.osiris.protocol.evidence.ApplianceKey;
import dev.osiris.protocol.evidence.EvidenceKind;
import dev.osiris.protocol.evidence.EvidenceRecord;
import dev.osiris.protocol.evidence.EvidenceSealer;
import dev.osiris.protocol.evidence.EvidenceBundle;
import dev.osiris.protocol.json.Json;
import dev.osiris.relay.RelayException;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BundleCheckTest {

    private final ApplianceKey key = ApplianceKey.generate(new SecureRandom());
    private final List<EvidenceRecord> chain = chain(6);

    private List<EvidenceRecord> chain(int n) {
        EvidenceSealer sealer = new EvidenceSealer(key);
        List<EvidenceRecord> out = new ArrayList<>();
        String prev = EvidenceRecord.GENESIS;
        for (int i = 1; i <= n; i++) {
            ObjectNode details = Json.object().put("i", i);
            EvidenceRecord r = sealer.seal(i, prev, new EvidenceSealer.Entry(Instant.now(), "h", "c",
                    EvidenceKind.DETECT, "pass", details));
            out.add(r);
            prev = r.hash();
        }
        return out;
    }

    private EvidenceBundle bundle(int fromSeq, int toSeq) {
        return new EvidenceBundle(key.publicKey().base64(), chain.subList(fromSeq - 1, toSeq));
    }

    private EvidenceHead headAt(int seq) {
        return seq == 0 ? EvidenceHead.EMPTY : new EvidenceHead(seq, chain.get(seq - 1).hash());
    }

    private Map<Long, String> stored(int upTo) {
        Map<Long, String> hashes = new HashMap<>();
        for (int i = 1; i <= upTo; i++) {
            hashes.put((long) i, chain.get(i - 1).hash());
        }
        return hashes;
    }

    @Test
    void aFreshChainIsStoredWhole() {
        BundleCheck.Plan plan = BundleCheck.plan(bundle(1, 3), key.publicKey(), EvidenceHead.EMPTY, Map.of());
        assertThat(plan.toStore()).hasSize(3);
        assertThat(plan.duplicates()).isZero();
        assertThat(plan.head()).isEqualTo(headAt(3));
    }

    @Test
    void overlappingRecordsCountAsDuplicates() {
        BundleCheck.Plan plan = BundleCheck.plan(bundle(2, 5), key.publicKey(), headAt(3), stored(3));
        assertThat(plan.duplicates()).isEqualTo(2);
        assertThat(plan.toStore()).extracting(EvidenceRecord::seq).containsExactly(4L, 5L);
        assertThat(plan.head()).isEqualTo(headAt(5));
    }

    @Test
    void aGapNamesTheFirstMissingSeqAndTheHead() {
        assertThatThrownBy(() -> BundleCheck.plan(bundle(5, 6), key.publicKey(), headAt(3), stored(3)))
                .isInstanceOfSatisfying(RelayException.class, e -> {
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.details().get("seq").asLong()).isEqualTo(4);
                    assertThat(e.details().get("head").get("seq").asLong()).isEqualTo(3);
                });
    }

    @Test
    void aDifferentRecordAtAStoredSeqIsAConflict() {
        Map<Long, String> other = stored(3);
        other.put(2L, "ff".repeat(32));
        assertThatThrownBy(() -> BundleCheck.plan(bundle(1, 4), key.publicKey(), headAt(3), other))
                .isInstanceOfSatisfying(RelayException.class, e -> {
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.details().get("seq").asLong()).isEqualTo(2);
                });
    }

    @Test
    void aRecordSignedByAnotherKeyIs422NamingIt() {
        ApplianceKey other = ApplianceKey.generate(new SecureRandom());
        assertThatThrownBy(() -> BundleCheck.plan(bundle(1, 2), other.publicKey(), EvidenceHead.EMPTY, Map.of()))
                .isInstanceOfSatisfying(RelayException.class, e -> {
                    assertThat(e.status()).isEqualTo(422);
                    assertThat(e.getMessage()).startsWith("record 1: bad signature");
                });
    }
}
