package dev.osiris.agent.app;

import dev.osiris.agent.relay.LinkStatus;
import dev.osiris.agent.config.AgentConfig;
import dev.osiris.protocol.checkin.CheckinRequest;
import dev.osiris.protocol.checkin.Incident;
import dev.osiris.protocol.evidence.EvidenceRecord;
import dev.osiris.protocol.json.Json;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static dev.osiris.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One report the relay refuses as malformed must not cut the appliance off (issue 15, finding 3): it is set aside
 * with evidence, its other incidents travel in the next report, the one the refusal names is held for a person,
 * and the outbox drains. An answer with credentials withheld leaves the agent's targets as they are (finding 6).
 */
@ExtendWith(VertxExtension.class)
class PoisonReportIT {

    @TempDir
    Path dir;

    private Vertx vertx;
    private FakeRelay relay;

    @BeforeEach
    void startRelay(Vertx vertx) throws Exception {
        this.vertx = vertx;
        relay = FakeRelay.started(vertx, dir);
    }

    private Agent startAgent() {
        AgentConfig config = relay.agentConfig(dir).requestTimeout(Duration.ofSeconds(5))
                .connectTimeout(Duration.ofSeconds(2)).build();
        return await(Agent.start(vertx, config));
    }

    private Connection database() throws Exception {
        return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("data/evidence.db"));
    }

    /** Escalations waiting for the next report, as the healer leaves them in the agent's database. */
    private void escalate(Incident... incidents) throws Exception {
        try (Connection c = database(); PreparedStatement ps = c.prepareStatement("INSERT INTO incidents (id, host,"
                + " runbook_id, signature, status, body, raised_at_ms) VALUES (?, ?, ?, 'sig', 'open', ?, ?)")) {
            for (Incident i : incidents) {
                ps.setString(1, i.id());
                ps.setString(2, i.host());
                ps.setString(3, i.runbookId());
                ps.setString(4, Json.text(i.toJson()));
                ps.setLong(5, i.raisedAt().toEpochMilli());
                ps.executeUpdate();
            }
        }
    }

    private static Incident incident(String id, String summary) {
        return new Incident(id, "ws01.clinic.local", "RB-WIN-FIREWALL-001", 1, "critical", "heal-failed", summary,
                Json.object().put("publicEnabled", false), Instant.parse("2026-12-01T10:00:00Z"), 1);
    }

    private static boolean carries(CheckinRequest report, String incidentId) {
        return report.incidents().stream().anyMatch(i -> i.id().equals(incidentId));
    }

    @Test
    void aReportTheRelayRefusesIsSetAsideWithEvidenceAndTheRestGoesOn() throws Exception {
        Agent first = startAgent();
        await(first.checkinNow());
        await(first.close());
        escalate(incident("inc-good", "firewall off"), incident("inc-poison", "firewall off again"));
        relay.refuseReport = r -> carries(r, "inc-poison")
                ? "checkin.incidents[1].summary must not contain control character U+0000" : null;

        Agent agent = startAgent(); // its first cycle starts at once; checkinNow runs after it
        await(agent.checkinNow());

        assertThat(relay.refusedSeqs).hasSize(1);
        long refused = relay.refusedSeqs.getFirst();
        List<CheckinRequest> delivered = relay.reports.stream().filter(r -> carries(r, "inc-good")).toList();
        assertThat(delivered).hasSize(1);
        assertThat(delivered.getFirst().seq()).isGreaterThan(refused);
        assertThat(delivered.getFirst().incidents()).extracting(Incident::id).containsExactly("inc-good");
        assertThat(relay.reports).noneMatch(r -> carries(r, "inc-poison"));
        AgentStatus status = agent.status();
        assertThat(status.outboxDepth()).isZero();
        assertThat(status.credentialsPresent()).isTrue();
        assertThat(status.state()).isEqualTo(LinkStatus.DEGRADED);
        assertThat(status.detail()).contains("inc-poison").contains("need a person");

        List<EvidenceRecord> all = await(agent.evidence().range(0, 1000));
        EvidenceRecord aside = all.stream().filter(r -> r.checkId().equals("checkin.set-aside")).findFirst().orElseThrow();
        assertThat(aside.outcome()).isEqualTo("error");
        assertThat(aside.detailsJson().path("reportSeq").asLong()).isEqualTo(refused);
        assertThat(aside.detailsJson().path("status").asInt()).isEqualTo(400);
        assertThat(aside.detailsJson().path("error").asText()).contains("checkin.incidents[1].summary");
        assertThat(aside.detailsJson().path("heldIncidents").get(0).asText()).isEqualTo("inc-poison");
        assertThat(aside.detailsJson().path("requeuedIncidents").get(0).asText()).isEqualTo("inc-good");

        await(agent.checkinNow());
        assertThat(relay.refusedSeqs).hasSize(1);
        assertThat(relay.reports.getLast().incidents()).isEmpty();
        assertThat(relay.reports.getLast().status()).as("the relay hears of it too").isEqualTo("degraded");
        assertThat(relay.reports.getLast().statusDetail()).contains("inc-poison");
        assertThat(agent.status().outboxDepth()).isZero();
        await(agent.close());

        try (Connection c = database(); PreparedStatement ps = c.prepareStatement(
                "SELECT seq, status, error, body FROM outbox_set_aside"); ResultSet rs = ps.executeQuery()) {
            assertThat(rs.next()).as("the refused report is kept").isTrue();
            assertThat(rs.getLong("seq")).isEqualTo(refused);
            assertThat(rs.getInt("status")).isEqualTo(400);
            assertThat(rs.getString("body")).contains("inc-poison");
            assertThat(rs.next()).isFalse();
        }
        Agent restarted = startAgent();
        await(restarted.checkinNow());
        assertThat(restarted.status().state()).isEqualTo(LinkStatus.DEGRADED);
        assertThat(restarted.status().detail()).contains("inc-poison");
        await(restarted.close());
    }

    @Test
    void anIncidentRefusedTwiceIsHeldRatherThanResentForever() throws Exception {
        Agent first = startAgent();
        await(first.checkinNow());
        await(first.close());
        escalate(incident("inc-odd", "a relay rule this agent does not know"));
        relay.refuseReport = r -> carries(r, "inc-odd") ? "checkin: refused for a reason without a path" : null;

        Agent agent = startAgent();
        await(agent.checkinNow());
        await(agent.checkinNow());

        assertThat(relay.refusedSeqs).hasSize(2);
        assertThat(relay.reports).noneMatch(r -> carries(r, "inc-odd"));
        assertThat(agent.status().outboxDepth()).isZero();
        assertThat(agent.status().detail()).contains("inc-odd");
        await(agent.close());
    }

    @Test
    void aNulFromAHostIsEscapedInTheReportRatherThanRefused() throws Exception {
        Agent first = startAgent();
        await(first.checkinNow());
        await(first.close());
        escalate(new Incident("inc-nul", "ws01.clinic.local", "RB-WIN-FIREWALL-001", 1, "high", "heal-failed",
                "profile Public\u0000 is off", Json.object().put("stdout", "Public\u0000Off"), Instant.now(), 1));

        Agent agent = startAgent();
        await(agent.checkinNow());

        Incident sent = relay.reports.stream().filter(r -> carries(r, "inc-nul")).findFirst().orElseThrow()
                .incidents().getFirst();
        assertThat(sent.summary()).isEqualTo("profile Public\uFFFD is off");
        assertThat(sent.observed().path("stdout").asText()).isEqualTo("Public\uFFFDOff");
        assertThat(relay.refusedSeqs).isEmpty();
        await(agent.close());
    }

    @Test
    void anAnswerWithCredentialsWithheldKeepsTheTargetsHeld() {
        Agent agent = startAgent();
        await(agent.checkinNow());
        assertThat(agent.status().targets()).isEqualTo(1);

        relay.withholdCredentials = true;
        await(agent.checkinNow());

        AgentStatus status = agent.status();
        assertThat(status.targets()).isEqualTo(1);
        assertThat(status.credentialsPresent()).isTrue();
        assertThat(status.state()).isEqualTo(LinkStatus.ONLINE);
        await(agent.close());
    }
}
