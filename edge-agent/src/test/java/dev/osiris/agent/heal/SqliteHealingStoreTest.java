package dev.osiris.agent.heal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.agent.config.EvidenceSync;
import dev.osiris.agent.evidence.SqliteDatabase;
import dev.osiris.protocol.json.Json;
import io.vertx.core.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The healing tables in a real SQLite file. */
class SqliteHealingStoreTest {

    @TempDir
    Path dir;
    SqliteDatabase db;

    static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void close() throws Exception {
        if (db != null) {
            await(db.close());
        }
    }

    SqliteHealingStore open() throws Exception {
        if (db != null) {
            await(db.close());
        }
        db = await(SqliteDatabase.open(dir.resolve("agent.db"), EvidenceSync.FULL));
        return new SqliteHealingStore(db);
    }

    @Test
    void anIncidentTravelsInExactlyOneReportAndItsResolutionIsAckedOnceAfterItWasCarriedOut() throws Exception {
        SqliteHealingStore store = open();
        ObjectNode body = Json.object().put("id", "inc-1").put("host", "h");
        await(store.raise("inc-1", "h", "RB-WIN-FW-001", "sig", body, Instant.now()));
        assertThat(await(store.hasOpenIncident("h", "RB-WIN-FW-001"))).isTrue();

        SqliteHealingStore.ReportContents first = await(db.write(SqliteHealingStore::collect));
        assertThat(first.incidents()).extracting(n -> n.path("id").asText()).containsExactly("inc-1");
        assertThat(await(db.write(SqliteHealingStore::collect)).incidents()).isEmpty();

        ObjectNode resolution = Json.object().put("incidentId", "inc-1").put("action", "manual");
        assertThat(await(store.resolutionArrived("inc-1", resolution))).isTrue();
        assertThat(await(store.resolutionArrived("inc-1", resolution))).as("a re-sent resolution").isFalse();
        assertThat(await(store.pendingResolutions())).hasSize(1);
        assertThat(await(db.write(SqliteHealingStore::collect)).ackedResolutions()).as("not carried out yet").isEmpty();

        await(store.resolutionDone("inc-1"));
        store = open(); // survives a restart
        assertThat(await(store.pendingResolutions())).isEmpty();
        assertThat(await(store.hasOpenIncident("h", "RB-WIN-FW-001"))).isFalse();
        assertThat(await(db.write(SqliteHealingStore::collect)).ackedResolutions()).containsExactly("inc-1");
        assertThat(await(db.write(SqliteHealingStore::collect)).ackedResolutions()).isEmpty();
    }

    @Test
    void aResolutionForAnIncidentThisDatabaseNeverRaisedIsAcknowledgedSoTheRelayStopsResending() throws Exception {
        SqliteHealingStore store = open();
        assertThat(await(store.resolutionArrived("inc-lost", Json.object().put("action", "manual")))).isFalse();
        assertThat(await(store.pendingResolutions())).isEmpty();
        assertThat(await(db.write(SqliteHealingStore::collect)).ackedResolutions()).containsExactly("inc-lost");
    }

    @Test
    void learnedRowsAndPromotionsSurviveARestart() throws Exception {
        SqliteHealingStore store = open();
        LearnedKnowledge k = await(store.loadKnowledge(2));
        await(store.saveCandidate(k.success("RB-A-001", "s", "RB-B-001"), Instant.now()));
        await(store.saveCandidate(k.success("RB-A-001", "s", "RB-B-001"), Instant.now()));
        store = open();
        LearnedKnowledge again = await(store.loadKnowledge(2));
        assertThat(again.promoted("RB-A-001", "s")).contains("RB-B-001");
        await(store.saveCandidate(again.failure("RB-A-001", "s", "RB-B-001"), Instant.now()));
        assertThat(await(open().loadKnowledge(2)).promoted("RB-A-001", "s")).as("a failure demotes").isEmpty();
        assertThat(List.of(again.all().get(0).failures())).containsExactly(1);
    }
}
