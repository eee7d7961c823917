package dev.osiris.protocol.evidence;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.protocol.json.Json;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ChainVerifierTest {

    private final ApplianceKey key = ApplianceKey.generate(new SecureRandom());
    private final EvidenceSealer sealer = new EvidenceSealer(key);

    private List<EvidenceRecord> chain(int n) {
        List<EvidenceRecord> records = new ArrayList<>();
        String prev = EvidenceRecord.GENESIS;
        for (int seq = 1; seq <= n; seq++) {
            ObjectNode details = Json.object().put("n", seq).put("note", "firewall profile Domain");
            EvidenceRecord r = sealer.seal(seq, prev, new EvidenceSealer.Entry(Instant.parse("2026-11-23T10:00:00.123456Z"),
                    "NVWS01", "RB-WIN-FIREWALL-001", EvidenceKind.DETECT, "pass", details));
            records.add(r);
            prev = r.hash();
        }
        return records;
    }

    private static ChainVerifier.Failure verify(ApplianceKey.PublicKey key, List<EvidenceRecord> records) {
        ChainVerifier verifier = ChainVerifier.fromGenesis(key);
        records.forEach(verifier::accept);
        return verifier.failure();
    }

    @Test
    void sealedChainVerifiesAndEndsAtItsHead() {
        List<EvidenceRecord> records = chain(5);
        ChainVerifier verifier = ChainVerifier.fromGenesis(key.publicKey());
        records.forEach(verifier::accept);
        assertThat(verifier.ok()).isTrue();
        assertThat(verifier.verified()).isEqualTo(5);
        assertThat(verifier.lastSeq()).isEqualTo(5);
        assertThat(verifier.lastHash()).isEqualTo(records.get(4).hash());
    }

    @Test
    void timeIsTruncatedToMillisecondsBeforeHashing() {
        assertThat(chain(1).get(0).time()).isEqualTo(Instant.parse("2026-11-23T10:00:00.123Z"));
    }

    @Test
    void editedOutcomeIsAHashMismatchAtThatRecord() {
        List<EvidenceRecord> records = chain(4);
        EvidenceRecord r = records.get(2);
        records.set(2, new EvidenceRecord(r.seq(), r.time(), r.host(), r.checkId(), r.kind(), "fail", r.details(),
                r.prevHash(), r.hash(), r.signature()));
        assertThat(verify(key.publicKey(), records))
                .isEqualTo(new ChainVerifier.Failure(3, "hash mismatch: the record's content was altered"));
    }

    @Test
    void recordResealedByAnotherKeyHasABadSignature() {
        List<EvidenceRecord> records = chain(3);
        EvidenceSealer forger = new EvidenceSealer(ApplianceKey.generate(new SecureRandom()));
        EvidenceRecord r = records.get(1);
        records.set(1, forger.seal(2, r.prevHash(), new EvidenceSealer.Entry(r.time(), r.host(), r.checkId(),
                EvidenceKind.DETECT, "pass", r.detailsJson())));
        ChainVerifier.Failure failure = verify(key.publicKey(), records);
        assertThat(failure.seq()).isEqualTo(2);
        assertThat(failure.reason()).startsWith("bad signature");
    }

    @Test
    void missingRecordIsAGapNamingTheNextSequence() {
        List<EvidenceRecord> records = chain(4);
        records.remove(1);
        ChainVerifier.Failure failure = verify(key.publicKey(), records);
        assertThat(failure.seq()).isEqualTo(3);
        assertThat(failure.reason()).isEqualTo("gap: expected sequence 2");
    }

    @Test
    void recordLinkedToTheWrongPredecessorIsABrokenLink() {
        List<EvidenceRecord> records = chain(3);
        EvidenceRecord r = records.get(2);
        records.set(2, sealer.seal(3, records.get(0).hash(), new EvidenceSealer.Entry(r.time(), r.host(), r.checkId(),
                EvidenceKind.DETECT, "pass", r.detailsJson())));
        ChainVerifier.Failure failure = verify(key.publicKey(), records);
        assertThat(failure.seq()).isEqualTo(3);
        assertThat(failure.reason()).startsWith("broken link");
    }

    @Test
    void verifierResumesAfterAKnownHead() {
        List<EvidenceRecord> records = chain(6);
        ChainVerifier verifier = new ChainVerifier(key.publicKey(), 3, records.get(2).hash());
        records.subList(3, 6).forEach(verifier::accept);
        assertThat(verifier.ok()).isTrue();
        assertThat(verifier.verified()).isEqualTo(3);
    }

    @Test
    void firstFailureSticks() {
        List<EvidenceRecord> records = chain(3);
        ChainVerifier verifier = ChainVerifier.fromGenesis(key.publicKey());
        assertThat(verifier.accept(records.get(1))).isFalse();
        assertThat(verifier.accept(records.get(0))).isFalse();
        assertThat(verifier.failure().seq()).isEqualTo(2);
    }

    @Test
    void recordSurvivesItsJsonForm() {
        EvidenceRecord r = chain(1).get(0);
        EvidenceRecord back = EvidenceRecord.fromJson(Json.parseObject(Json.text(r.toJson())), "record");
        assertThat(back).isEqualTo(r);
        assertThat(verify(key.publicKey(), List.of(back))).isNull();
    }
}
