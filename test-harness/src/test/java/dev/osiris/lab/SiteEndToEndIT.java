package dev.osiris.lab;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.agent.app.Agent;
import dev.osiris.agent.app.AgentStatus;
import dev.osiris.lab.relay.OperatorClient;
import dev.osiris.lab.site.LabSite;
import dev.osiris.protocol.evidence.ChainVerifier;
import dev.osiris.protocol.evidence.EvidenceKind;
import dev.osiris.protocol.evidence.EvidenceRecord;
import dev.osiris.protocol.evidence.EvidenceSealer;
import dev.osiris.protocol.json.Json;
import dev.osiris.testing.Await;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A whole site, relay and agent, on the embedded PostgreSQL and a SQLite file: no part of ours is mocked. */
class SiteEndToEndIT {

    private static final String SECRET = "Nv-Dental#2026-winrm";

    @TempDir
    Path dir;
    private Vertx vertx;
    private LabSite site;

    @BeforeEach
    void startSite() throws Exception {
        vertx = Vertx.vertx();
        site = LabSite.create(vertx, dir, "North Valley Dental", b -> b
                .checkinInterval(Duration.ofHours(1)) // the test drives each cycle itself with checkinNow()
                .backoffMin(Duration.ofMillis(50))
                .backoffMax(Duration.ofMillis(200))
                .requestTimeout(Duration.ofSeconds(5))
                .connectTimeout(Duration.ofSeconds(2))
                .bundleMaxRecords(25)
                .reachabilityInterval(Duration.ZERO)); // its target is not a lab host: no probes, exact evidence counts
        Await.result(site.operator().addCredential(site.siteId(), new JsonObject()
                .put("host", "198.18.0.10").put("transport", "winrm").put("port", 5986).put("tls", true)
                .put("auth", "ntlm").put("account", ".\\osiris").put("secret", SECRET)));
    }

    @AfterEach
    void stopSite() {
        site.close();
        Await.result(vertx.close());
    }

    private List<EvidenceRecord> record(Agent agent, int count, String checkId) {
        List<Future<EvidenceRecord>> appends = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ObjectNode details = Json.object().put("i", i).put("profile", "Domain");
            appends.add(agent.evidence().append(new EvidenceSealer.Entry(Instant.now(), "NVWS01", checkId,
                    EvidenceKind.DETECT, "pass", details)));
        }
        return appends.stream().map(Await::result).toList();
    }

    private List<EvidenceRecord> localChain(Agent agent) {
        return Await.result(agent.evidence().range(0, 1_000_000));
    }

    private static List<String> hashes(List<EvidenceRecord> records) {
        return records.stream().map(r -> r.seq() + " " + r.hash()).toList();
    }

    private static void assertVerifies(OperatorClient.StoredEvidence stored) {
        ChainVerifier verifier = ChainVerifier.fromGenesis(stored.pinnedKey());
        stored.records().forEach(verifier::accept);
        assertThat(verifier.failure()).as("relay chain").isNull();
    }

    @Test
    void checkInDeliversConfigurationAndTheRelayHoldsTheVerifiedChain() throws Exception {
        Agent agent = site.startAgent();
        Await.result(agent.checkinNow());

        AgentStatus status = agent.status();
        assertThat(status.targets()).isEqualTo(1);
        assertThat(status.lastError()).isNullOrEmpty();
        record(agent, 40, "RB-WIN-FIREWALL-001");
        Await.result(agent.checkinNow());

        OperatorClient.StoredEvidence stored = site.evidenceAtRelay();
        assertThat(stored.pinnedKey()).isEqualTo(agent.evidence().publicKey());
        assertThat(hashes(stored.records())).isEqualTo(hashes(localChain(agent)));
        assertVerifies(stored);
        assertThat(agent.status().uploadedThrough()).isEqualTo(agent.evidence().head().seq());

        // the credential reached the agent's memory and nowhere else on its disk
        for (Path file : Files.walk(site.agentConfig().dataDir()).filter(Files::isRegularFile).toList()) {
            assertThat(new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1))
                    .as(file.toString()).doesNotContain(SECRET);
        }
    }

    @Test
    void relayOutageLosesNothingAndDuplicatesNothing() {
        Agent agent = site.startAgent();
        Await.result(agent.checkinNow());
        record(agent, 10, "RB-WIN-DEFENDER-001");
        Await.result(agent.checkinNow());

        site.stopRelay();
        for (int interval = 0; interval < 3; interval++) {
            record(agent, 20, "RB-WIN-SMB-SIGNING-001");
            Throwable failure = Await.failure(agent.checkinNow());
            assertThat(failure.getMessage()).isNotBlank();
        }
        AgentStatus offline = agent.status();
        assertThat(offline.outboxDepth()).as("check-in reports waiting").isGreaterThanOrEqualTo(3);
        assertThat(offline.targets()).as("keeps its last configuration").isEqualTo(1);
        assertThat(offline.uploadedThrough()).isLessThan(agent.evidence().head().seq());

        long recordedOffline = agent.evidence().head().seq();
        site.restartRelay();
        Await.result(agent.checkinNow());
        assertThat(agent.status().outboxDepth()).isZero();
        assertThat(agent.status().uploadedThrough()).as("the first cycle back drains what was recorded offline")
                .isGreaterThanOrEqualTo(recordedOffline);
        Await.result(agent.checkinNow()); // ships the "relay reachable again" record made at the end of that cycle

        List<EvidenceRecord> local = localChain(agent);
        OperatorClient.StoredEvidence stored = site.evidenceAtRelay();
        assertThat(hashes(stored.records())).as("every record once, in order").isEqualTo(hashes(local));
        assertThat(stored.records()).isEqualTo(local);
        assertVerifies(stored);
        assertThat(agent.status().uploadedThrough()).isEqualTo(local.getLast().seq());

        // the history takes a report when the appliance's state changed (V18): each offline report carries a new
        // evidence head, so each is there, once; the appliance's current state took the last report
        Row checkins = Await.result(site.relay().admin().sql(
                "SELECT count(*) AS n, count(DISTINCT seq) AS distinct_seq, max(seq) AS last,"
                        + " (SELECT max(last_seq) FROM appliances) AS current FROM checkins")).iterator().next();
        assertThat(checkins.getLong("n")).as("no check-in report stored twice")
                .isEqualTo(checkins.getLong("distinct_seq"));
        assertThat(checkins.getLong("last")).as("the latest report is in the history")
                .isEqualTo(checkins.getLong("current"));
        assertThat(checkins.getLong("n")).as("reports made offline arrive later").isGreaterThanOrEqualTo(5);
    }

    @Test
    void tamperedRecordIsCaughtLocallyAndRefusedByTheRelay() throws Exception {
        Agent agent = site.startAgent();
        Await.result(agent.checkinNow());
        long uploaded = agent.status().uploadedThrough();
        List<EvidenceRecord> pending = record(agent, 10, "RB-WIN-AUDIT-001");
        long tampered = pending.get(4).seq();
        site.stopAgent();

        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + site.agentConfig().evidenceDatabase());
             PreparedStatement edit = db.prepareStatement("UPDATE evidence SET outcome = 'fail' WHERE seq = ?")) {
            edit.setLong(1, tampered);
            assertThat(edit.executeUpdate()).isEqualTo(1);
        }

        Agent restarted = site.startAgent();
        var report = Await.result(restarted.evidence().verify());
        assertThat(report.intact()).isFalse();
        assertThat(report.failure().seq()).isEqualTo(tampered);
        assertThat(report.verdict()).startsWith("first bad record: " + tampered + ": hash mismatch");

        Await.result(restarted.checkinNow().recover(e -> Future.succeededFuture()));
        OperatorClient.StoredEvidence stored = site.evidenceAtRelay();
        assertThat(stored.records()).as("nothing at or after the tampered record is stored")
                .allSatisfy(r -> assertThat(r.seq()).isLessThan(tampered));
        assertThat(stored.records().size()).isGreaterThanOrEqualTo((int) uploaded);
        assertVerifies(stored);
        assertThat(restarted.status().lastError()).contains(String.valueOf(tampered));
    }

    @Test
    void relayEvidenceTableRefusesUpdateAndDelete() {
        Agent agent = site.startAgent();
        Await.result(agent.checkinNow());
        record(agent, 3, "RB-WIN-FIREWALL-001");
        Await.result(agent.checkinNow());
        List<EvidenceRecord> before = site.evidenceAtRelay().records();

        assertThat(Await.failure(site.relay().admin().sql("UPDATE evidence SET outcome = 'fail'")))
                .hasMessageContaining("permission denied for table evidence");
        assertThat(Await.failure(site.relay().admin().sql("DELETE FROM evidence")))
                .hasMessageContaining("permission denied for table evidence");
        assertThat(site.evidenceAtRelay().records()).isEqualTo(before);
    }
}
