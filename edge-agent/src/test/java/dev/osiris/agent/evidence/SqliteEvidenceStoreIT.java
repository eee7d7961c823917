package dev.osiris.agent.evidence;

import dev.osiris.protocol.evidence.ApplianceKey;
import dev.osiris.protocol.evidence.EvidenceRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static dev.osiris.agent.evidence.StoreFixture.entry;
import static dev.osiris.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

class SqliteEvidenceStoreIT {

    @TempDir
    Path dir;

    private final ApplianceKey key = ApplianceKey.generate(new SecureRandom());

    @Test
    void chainContinuesAcrossReopen() {
        Path file = dir.resolve("evidence.db");
        SqliteEvidenceStore first = open(file);
        for (int i = 0; i < 3; i++) {
            await(first.append(entry(i)));
        }
        String headHash = first.head().hash();
        await(first.close());

        SqliteEvidenceStore second = open(file);
        assertThat(second.head().seq()).isEqualTo(3);
        EvidenceRecord fourth = await(second.append(entry(4)));
        assertThat(fourth.seq()).isEqualTo(4);
        assertThat(fourth.prevHash()).isEqualTo(headHash);
        ChainReport report = await(second.verify());
        assertThat(report.verdict()).isEqualTo("chain intact: 4 records, head 4 " + fourth.hash());
        await(second.close());
    }

    @Test
    void detailsAreStoredCanonically() {
        SqliteEvidenceStore store = open(dir.resolve("evidence.db"));
        EvidenceRecord r = await(store.append(entry(1)));
        assertThat(r.details()).isEqualTo("{\"alpha\":1.5,\"n\":1,\"zeta\":\"z\"}");
        await(store.close());
    }

    @Test
    void editedDetailsAreCaughtAtTheirSequence() throws Exception {
        assertTamperCaught("UPDATE evidence SET details = '{\"n\":99}' WHERE seq = 7", 7, "hash mismatch");
    }

    @Test
    void editedHashIsCaughtAtItsSequence() throws Exception {
        assertTamperCaught("UPDATE evidence SET hash = '" + "ab".repeat(32) + "' WHERE seq = 5", 5, "hash mismatch");
    }

    @Test
    void deletedRowIsCaughtAsAGap() throws Exception {
        assertTamperCaught("DELETE FROM evidence WHERE seq = 3", 4, "gap");
    }

    private void assertTamperCaught(String sql, long badSeq, String reason) throws Exception {
        Path file = dir.resolve("evidence.db");
        SqliteEvidenceStore store = open(file);
        await(IntStreamAppend.appendAll(store, 10));
        await(store.close());
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.executeUpdate(sql);
        }
        SqliteEvidenceStore reopened = open(file);
        ChainReport report = await(reopened.verify());
        assertThat(report.intact()).isFalse();
        assertThat(report.failure().seq()).isEqualTo(badSeq);
        assertThat(report.verdict()).startsWith("first bad record: " + badSeq + ": ").contains(reason);
        await(reopened.close());
    }

    @Test
    void groupCommitAcknowledgesOnlyCommittedRecords() {
        Path file = dir.resolve("evidence.db");
        SqliteEvidenceStore store = open(file);
        List<io.vertx.core.Future<EvidenceRecord>> appends = new ArrayList<>();
        IntStream.range(0, 500).forEach(i -> appends.add(store.append(entry(i))));
        List<EvidenceRecord> acked = new ArrayList<>();
        for (var f : appends) {
            acked.add(await(f));
        }
        // the store is deliberately not closed cleanly: a second connection must see every acked record
        SqliteEvidenceStore other = open(dir.resolve("evidence.db"));
        for (EvidenceRecord r : acked) {
            assertThat(await(other.get(r.seq()))).isEqualTo(r);
        }
        assertThat(acked).extracting(EvidenceRecord::seq).containsExactlyElementsOf(
                IntStream.rangeClosed(1, 500).mapToObj(Long::valueOf).toList());
        assertThat(await(other.verify()).intact()).isTrue();
        await(other.close());
        await(store.close());
    }

    @Test
    void invalidEntryFailsWithoutTouchingTheChain() {
        SqliteEvidenceStore store = open(dir.resolve("evidence.db"));
        var bad = new dev.osiris.protocol.evidence.EvidenceSealer.Entry(java.time.Instant.now(), "h", "c",
                dev.osiris.protocol.evidence.EvidenceKind.DETECT, "Not A Token", dev.osiris.protocol.json.Json.object());
        assertThat(store.append(bad).failed()).isTrue();
        assertThat(await(store.append(entry(1))).seq()).isEqualTo(1);
        await(store.close());
    }

    @Test
    void uploadWatermarkOnlyMovesForward() {
        SqliteEvidenceStore store = open(dir.resolve("evidence.db"));
        await(store.markUploadedThrough(5));
        await(store.markUploadedThrough(3));
        assertThat(await(store.uploadedThrough())).isEqualTo(5);
        await(store.close());
    }

    @Test
    void refusesADatabaseSignedByAnotherKey() {
        Path file = dir.resolve("evidence.db");
        SqliteEvidenceStore store = open(file);
        await(store.append(entry(1)));
        await(store.close());
        ApplianceKey other = ApplianceKey.generate(new SecureRandom());
        var opened = SqliteDatabase.open(file, dev.osiris.agent.evidence.EvidenceSync.FULL)
                .compose(db -> SqliteEvidenceStore.open(db, other));
        assertThat(opened.toCompletionStage().toCompletableFuture()).failsWithin(java.time.Duration.ofSeconds(10))
                .withThrowableThat().withMessageContaining("signed by a different appliance key");
    }

    private SqliteEvidenceStore open(Path file) {
        return StoreFixture.open(file, key);
    }
}
