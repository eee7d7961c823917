package dev.osiris.agent.heal;

import dev.osiris.agent.evidence.EvidenceSync;
import dev.osiris.agent.evidence.SqliteDatabase;
import dev.osiris.protocol.json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.osiris.protocol.runbook.Runbook;
import dev.osiris.protocol.runbook.Severity;
import dev.osiris.protocol.runbook.RunbookCatalog;
import dev.osiris.protocol.runbook.Verdict;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.time.Instant;
import java.util.List;

import static dev.osiris.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** The healing and incident tables in a real SQLite file. */
class SqliteHealingStoreTest {

    @TempDir
    Path dir;
    SqliteDatabase db;
    SqliteIncidentStore incidents;

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
        incidents = new SqliteIncidentStore(db);
        return new SqliteHealingStore(db);
    }

    static final Instant T = Instant.parse("2026-12-01T10:00:00Z");

    static RaisedIncident incident(String id, String targetId, String host, String runbookId) {
        return new RaisedIncident(id, targetId, host, runbookId, 2, Severity.HIGH, HealPlan.Reason.HEAL_FAILED,
                "firewall: profiles[0].enabled: expected true, got false", Json.object().put("enabled", false), T, 7);
    }

    static OperatorResolution manual(String incidentId) {
        return new OperatorResolution(incidentId, OperatorResolution.Action.MANUAL, null, "fixed by hand", "alice", T);
    }

    @Test
    void anIncidentTravelsInExactlyOneReportAndItsResolutionIsAckedOnceAfterItWasCarriedOut() throws Exception {
        SqliteHealingStore store = open();
        await(incidents.raise(incident("inc-1", "t-1", "h", "RB-WIN-FW-001"), "sig"));
        assertThat(await(incidents.hasOpenIncident("t-1", "h", "RB-WIN-FW-001"))).isTrue();

        SqliteIncidentStore.ReportContents first = await(db.write(SqliteIncidentStore::collect));
        assertThat(first.incidents()).containsExactly(incident("inc-1", "t-1", "h", "RB-WIN-FW-001"));
        assertThat(await(db.write(SqliteIncidentStore::collect)).incidents()).isEmpty();

        OperatorResolution resolution = manual("inc-1");
        assertThat(await(incidents.resolutionArrived(resolution))).isTrue();
        assertThat(await(incidents.resolutionArrived(resolution))).as("a re-sent resolution").isFalse();
        assertThat(await(incidents.pendingResolutions())).extracting(SqliteIncidentStore.PendingResolution::resolution)
                .containsExactly(resolution);
        assertThat(await(db.write(SqliteIncidentStore::collect)).ackedResolutions()).as("not carried out yet").isEmpty();

        await(incidents.resolutionDone("inc-1"));
        store = open(); // survives a restart
        assertThat(await(incidents.pendingResolutions())).isEmpty();
        assertThat(await(incidents.hasOpenIncident("t-1", "h", "RB-WIN-FW-001"))).isFalse();
        assertThat(await(db.write(SqliteIncidentStore::collect)).ackedResolutions()).containsExactly("inc-1");
        assertThat(await(db.write(SqliteIncidentStore::collect)).ackedResolutions()).isEmpty();
        assertThat(await(incidents.incidents())).singleElement().isEqualTo(new IncidentState(
                incident("inc-1", "t-1", "h", "RB-WIN-FW-001"), IncidentState.Status.RESOLVED, true, resolution, true));
    }

    @Test
    void onlyAReasonToEscalateCanRaiseAnIncident() {
        assertThatThrownBy(() -> new RaisedIncident("inc-1", "t-1", "h", "RB-WIN-FW-001", 1, Severity.LOW,
                HealPlan.Reason.STANDARD_RULE, "s", Json.object(), T, 1))
                .hasMessage("incident inc-1: standard-rule is not a reason to escalate");
    }

    @Test
    void aStoredIncidentWithASeverityNoAgentWroteIsRefusedNamingTheIncidentAndTheValue() throws Exception {
        SqliteHealingStore store = open();
        await(incidents.raise(incident("inc-1", "t-1", "h", "RB-WIN-FW-001"), "sig"));
        await(db.write(c -> {
            try (Statement st = c.createStatement()) {
                return st.executeUpdate("UPDATE incidents SET body = json_set(body, '$.severity', 'dire')");
            }
        }));

        assertThatThrownBy(() -> await(incidents.incidents())).rootCause()
                .hasMessageContaining("incident severity \"dire\" is not one of low, medium, high, critical");
        assertThatThrownBy(() -> await(incidents.incidents())).hasMessageContaining("stored incident inc-1");
    }

    @Test
    void aResolutionForAnIncidentThisDatabaseNeverRaisedIsAcknowledgedSoTheRelayStopsResending() throws Exception {
        SqliteHealingStore store = open();
        assertThat(await(incidents.resolutionArrived(manual("inc-lost")))).isFalse();
        assertThat(await(incidents.pendingResolutions())).isEmpty();
        assertThat(await(db.write(SqliteIncidentStore::collect)).ackedResolutions()).containsExactly("inc-lost");
        assertThat(await(incidents.incidents())).as("the acknowledgement is no incident").isEmpty();
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

    @Test
    void twoTargetsBehindOneAddressKeepSeparateVerdictsIncidentsAndHeals() throws Exception {
        SqliteHealingStore store = open();
        Runbook fw = RunbookCatalog.builtIn().all().getFirst();
        Instant at = Instant.parse("2026-12-01T10:00:00Z");
        await(store.saveVerdicts("winrm-1", "10.0.0.5", Map.of(fw, new Verdict(Verdict.Status.DRIFTED, List.of(), null)), at));
        await(store.saveVerdicts("ssh-1", "10.0.0.5", Map.of(fw, new Verdict(Verdict.Status.COMPLIANT, List.of(), null)), at));
        await(incidents.raise(incident("inc-1", "winrm-1", "10.0.0.5", fw.id()), "sig"));
        await(store.healed("ssh-1", fw.id(), at, at.minusSeconds(3600)));
        await(store.reached("winrm-1", false, at));

        assertThat(await(store.states())).extracting(SqliteHealingStore.CheckState::targetId, SqliteHealingStore.CheckState::status)
                .containsExactly(tuple("ssh-1", Verdict.Status.COMPLIANT), tuple("winrm-1", Verdict.Status.DRIFTED));
        assertThat(await(incidents.hasOpenIncident("winrm-1", "10.0.0.5", fw.id()))).isTrue();
        assertThat(await(incidents.hasOpenIncident("ssh-1", "10.0.0.5", fw.id()))).isFalse();
        SqliteHealingStore.Remembered remembered = await(store.remembered(at.minusSeconds(60)));
        assertThat(remembered.heals()).extracting(SqliteHealingStore.Heal::targetId).containsExactly("ssh-1");
        assertThat(remembered.reached()).containsExactly(Map.entry("winrm-1", false));
    }

    @Test
    void healsBeforeAndAfterARestartCountInOneFlappingWindow() throws Exception {
        Duration window = Duration.ofHours(1);
        Instant t0 = Instant.parse("2026-12-01T10:00:00Z");
        SqliteHealingStore store = open();
        FlapDetector before = new FlapDetector(3, window);
        healed(store, before, "t-1", t0.minus(Duration.ofHours(2)), window); // outside the window by then
        healed(store, before, "t-1", t0, window);
        healed(store, before, "t-1", t0.plusSeconds(60), window);
        healed(store, before, "t-2", t0.plusSeconds(60), window); // another target at the same address
        assertThat(before.flapping("t-1", "RB-X", t0.plusSeconds(120))).isFalse();

        SqliteHealingStore reopened = open(); // the agent restarts on the same database
        Instant now = t0.plusSeconds(600);
        FlapDetector after = new FlapDetector(3, window);
        await(reopened.remembered(now.minus(window))).heals().forEach(h -> after.healed(h.targetId(), h.runbookId(), h.at()));
        assertThat(after.recentHeals("t-1", "RB-X", now)).isEqualTo(2);
        healed(reopened, after, "t-1", now, window);

        assertThat(after.flapping("t-1", "RB-X", now.plusSeconds(1))).isTrue();
        assertThat(after.flapping("t-2", "RB-X", now.plusSeconds(1))).isFalse();
        await(reopened.resetHeals("t-1", "RB-X"));
        assertThat(await(reopened.remembered(now.minus(window))).heals()).extracting(SqliteHealingStore.Heal::targetId)
                .containsExactly("t-2");
    }

    private static void healed(SqliteHealingStore store, FlapDetector flaps, String target, Instant at, Duration window)
            throws Exception {
        flaps.healed(target, "RB-X", at);
        await(store.healed(target, "RB-X", at, flaps.windowStart(at)));
    }

    @Test
    void verdictsAndIncidentsFromBeforeTargetIdsSurviveTheMigrationAndStillCount() throws Exception {
        Path file = dir.resolve("agent.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            for (String name : List.of("V1__schema.sql", "V2__healing.sql", "V6__outbox_set_aside.sql")) {
                try (var in = getClass().getResourceAsStream("/dev/osiris/agent/db/" + name)) {
                    for (String sql : new String(in.readAllBytes(), StandardCharsets.UTF_8).split(";")) {
                        if (!sql.isBlank()) {
                            s.executeUpdate(sql);
                        }
                    }
                }
            }
            s.executeUpdate("PRAGMA user_version = 3");
            s.executeUpdate("INSERT INTO drift_state VALUES ('10.0.0.5', 'RB-X', 1, 'drifted', 'was drifted', 1000)");
            s.executeUpdate("INSERT INTO incidents (id, host, runbook_id, signature, status, body, raised_at_ms) "
                    + "VALUES ('inc-old', '10.0.0.5', 'RB-X', 'sig', 'open', '{}', 1000)");
        }
        SqliteHealingStore store = open();

        assertThat(await(store.states())).singleElement().satisfies(st -> {
            assertThat(st.targetId()).isEqualTo("host:10.0.0.5");
            assertThat(st.host()).isEqualTo("10.0.0.5");
            assertThat(st.status()).isEqualTo(Verdict.Status.DRIFTED);
            assertThat(st.summary()).isEqualTo("was drifted");
        });
        assertThat(await(incidents.hasOpenIncident("any-target", "10.0.0.5", "RB-X"))).as("an old incident owns its host").isTrue();
        assertThat(await(incidents.hasOpenIncident("any-target", "10.0.0.6", "RB-X"))).isFalse();
        assertThat(await(incidents.pendingResolutions())).isEmpty();
    }
}
