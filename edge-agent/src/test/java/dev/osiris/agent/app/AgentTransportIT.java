package dev.osiris.agent.app;

import dev.osiris.agent.config.AgentConfig;
import dev.osiris.agent.config.DriftConfig;
import dev.osiris.agent.remote.TargetReachability;
import dev.osiris.protocol.checkin.CleartextRisk;
import dev.osiris.protocol.checkin.FrameworkScore;
import dev.osiris.protocol.checkin.Secret;
import dev.osiris.protocol.checkin.Target;
import dev.osiris.protocol.checkin.TargetTransport;
import dev.osiris.protocol.checkin.Transport;
import dev.osiris.protocol.checkin.TransportSecurity;
import dev.osiris.protocol.evidence.EvidenceRecord;
import dev.osiris.protocol.json.Json;
import dev.osiris.testing.LoopbackPort;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static dev.osiris.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

/** Cleartext credentials to hosts (finding 12), the agent's side: refused, or used as an evidenced accepted risk. */
@ExtendWith(VertxExtension.class)
class AgentTransportIT {

    private static final CleartextRisk RISK = new CleartextRisk("operator:ops", Instant.parse("2026-11-30T09:00:00Z"));

    @TempDir
    Path dir;

    private Vertx vertx;
    private FakeRelay relay;

    @BeforeEach
    void startRelay(Vertx vertx) throws Exception {
        this.vertx = vertx;
        relay = FakeRelay.started(vertx, dir);
        int dead = LoopbackPort.free();
        // every host is a loopback address with nothing listening: the agent may try, and reaches nothing else
        relay.targets = List.of(
                winrm("accepted", "127.0.0.2", dead, false, "basic", null, RISK),
                winrm("unmarked", "127.0.0.3", dead, false, "basic", null, null),
                winrm("ntlm-http", "127.0.0.4", dead, false, "ntlm", null, null),
                winrm("pinned", "127.0.0.5", dead, true, "ntlm", "ab".repeat(32), null));
    }

    private Agent startAgent() {
        AgentConfig config = relay.agentConfig(dir)
                .drift(DriftConfig.DEFAULTS.withFirstScanDelay(Duration.ofHours(1))).build();
        return await(Agent.start(vertx, config));
    }

    @Test
    void anUnmarkedBasicOverHttpTargetIsRefusedWithoutSendingThePasswordAndSaysSoInStatus() {
        Agent agent = startAgent();
        await(agent.checkinNow());
        List<TargetReachability> probed = await(agent.probeTargetsNow());

        assertThat(probed).filteredOn(r -> r.id().equals("unmarked")).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo("cleartext_refused");
            assertThat(r.error()).contains("basic over plain http would send the password in clear text")
                    .doesNotContain(FakeRelay.SECRET);
            assertThat(r.durationMs()).isLessThan(1000);
        });
        // the accepted one was tried: nothing listens there
        assertThat(probed).filteredOn(r -> r.id().equals("accepted")).singleElement()
                .extracting(TargetReachability::reason).isEqualTo("connect_refused");
        AgentStatus status = agent.status();
        assertThat(status.transports()).extracting(TargetTransport::id, TargetTransport::security, TargetTransport::use)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("accepted", TransportSecurity.CLEARTEXT, TargetTransport.Use.ACCEPTED_RISK),
                        org.assertj.core.groups.Tuple.tuple("unmarked", TransportSecurity.CLEARTEXT, TargetTransport.Use.REFUSED),
                        org.assertj.core.groups.Tuple.tuple("ntlm-http", TransportSecurity.NTLM_SEALED_HTTP, TargetTransport.Use.RELAYABLE),
                        org.assertj.core.groups.Tuple.tuple("pinned", TransportSecurity.HTTPS_PINNED, TargetTransport.Use.OK));
        String words = AgentStatus.describe(status.toJson());
        assertThat(words).contains("transport security:\n")
                .contains("  127.0.0.2 winrm:" + status.transports().getFirst().port()
                        + " cleartext (risk accepted by operator:ops at 2026-11-30T09:00:00Z; counted as a failing")
                .contains("  127.0.0.3 winrm:" + status.transports().get(1).port() + " cleartext (refused: Basic over")
                .contains("ntlm-sealed-http (warning: NTLM over plain HTTP can be relayed")
                .contains("https-pinned\n")
                .contains("(cleartext_refused)");
        await(agent.close());
    }

    @Test
    void anAcceptedRiskIsEvidencedOnceAndFailsTheTransmissionSecurityControlsAndTheRelaySeesEachTarget() {
        Agent agent = startAgent();
        await(agent.checkinNow());
        await(agent.checkinNow());
        await(agent.close());
        Agent again = startAgent();
        await(again.checkinNow());
        await(again.checkinNow());

        List<EvidenceRecord> risks = await(again.evidence().range(0, 10_000)).stream()
                .filter(r -> r.checkId().equals("remote.cleartext-risk")).toList();
        assertThat(risks).extracting(EvidenceRecord::host, EvidenceRecord::outcome).containsExactly(
                org.assertj.core.groups.Tuple.tuple("127.0.0.2", "accepted"),
                org.assertj.core.groups.Tuple.tuple("127.0.0.3", "refused"));
        var accepted = Json.parseObject(risks.getFirst().details());
        assertThat(accepted.path("acceptedBy").asText()).isEqualTo("operator:ops");
        assertThat(accepted.path("acceptedAt").asText()).isEqualTo("2026-11-30T09:00:00Z");
        assertThat(accepted.path("credentialId").asText()).isEqualTo("accepted");
        assertThat(risks.getFirst().details()).doesNotContain(FakeRelay.SECRET);

        var last = relay.reports.getLast();
        assertThat(last.transports()).extracting(TargetTransport::id, t -> t.use().wire())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("accepted", "accepted-risk"),
                        org.assertj.core.groups.Tuple.tuple("unmarked", "refused"),
                        org.assertj.core.groups.Tuple.tuple("ntlm-http", "relayable"),
                        org.assertj.core.groups.Tuple.tuple("pinned", "ok"));
        FrameworkScore hipaa = last.compliance().frameworks().stream().filter(f -> f.framework().equals("hipaa"))
                .findFirst().orElseThrow();
        assertThat(hipaa.controls()).filteredOn(c -> c.control().equals("164.312(e)(1)")).singleElement()
                .satisfies(c -> {
                    assertThat(c.status()).isEqualTo("failing");
                    assertThat(c.runbooks()).contains("transport-security");
                });
        assertThat(last.compliance().frameworks()).allSatisfy(f -> assertThat(f.failing()).isPositive());
        assertThat(Files.exists(dir.resolve("data/compliance.json"))).isTrue();
        await(again.close());
    }

    private static Target winrm(String id, String host, int port, boolean tls, String auth, String pin, CleartextRisk risk) {
        return new Target(id, host, Transport.WINRM, port, tls, auth, ".\\osiris", new Secret(FakeRelay.SECRET), pin, risk);
    }
}
