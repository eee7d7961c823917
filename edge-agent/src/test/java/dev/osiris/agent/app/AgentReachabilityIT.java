package dev.osiris.agent.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.osiris.agent.config.AgentConfig;
import dev.osiris.agent.remote.LocalSshd;
import dev.osiris.agent.remote.TargetReachability;
import dev.osiris.protocol.checkin.Secret;
import dev.osiris.protocol.checkin.Target;
import dev.osiris.protocol.checkin.Transport;
import dev.osiris.protocol.evidence.EvidenceRecord;
import dev.osiris.protocol.json.Json;
import dev.osiris.testing.LoopbackPort;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static dev.osiris.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent probes the targets the relay hands it: a dead port is recorded once as connect_refused, a real sshd
 * as reachable with its host key trusted on first use, and status.json shows both, never the secret.
 */
@ExtendWith(VertxExtension.class)
class AgentReachabilityIT {

    @TempDir
    Path dir;

    private Vertx vertx;
    private FakeRelay relay;

    @BeforeEach
    void startRelay(Vertx vertx) throws Exception {
        this.vertx = vertx;
        relay = FakeRelay.started(vertx, dir);
    }

    private Agent startAgent(Duration reachabilityInterval) {
        AgentConfig config = relay.agentConfig(dir).reachabilityInterval(reachabilityInterval).build();
        return await(Agent.start(vertx, config));
    }

    @Test
    void deadPortIsRecordedOnceAsConnectRefused() throws Exception {
        relay.targets = List.of(winrm("dead", LoopbackPort.free()));
        Agent agent = startAgent(Duration.ZERO);
        await(agent.checkinNow());

        List<TargetReachability> first = await(agent.probeTargetsNow());
        List<TargetReachability> second = await(agent.probeTargetsNow());

        assertThat(first).singleElement().satisfies(r -> {
            assertThat(r.state()).isEqualTo("unreachable");
            assertThat(r.reason()).isEqualTo("connect_refused");
        });
        assertThat(second).singleElement().extracting(TargetReachability::reason).isEqualTo("connect_refused");
        List<EvidenceRecord> records = reachabilityRecords(agent);
        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.host()).isEqualTo("127.0.0.1");
            assertThat(r.outcome()).isEqualTo("connect_refused");
            assertThat(r.detailsJson().path("transport").asText()).isEqualTo("winrm");
            assertThat(r.detailsJson().path("account").asText()).isEqualTo("CLINIC\\svc-osiris");
            assertThat(r.details()).doesNotContain(FakeRelay.SECRET);
        });
        AgentStatus status = agent.status();
        assertThat(status.targetsReachable()).isZero();
        assertThat(status.reachabilityOf("dead").reason()).isEqualTo("connect_refused");
        await(agent.close());
        JsonNode file = Json.parseObject(Files.readString(dir.resolve("data/status.json")));
        assertThat(file.path("targetsReachable").asInt()).isZero();
        assertThat(file.path("reachability").get(0).path("reason").asText()).isEqualTo("connect_refused");
        assertNoSecretOnDisk();
    }

    @Test
    void aCheckinWithNewTargetsProbesThemWithoutBeingAsked() throws Exception {
        relay.targets = List.of(winrm("dead-1", LoopbackPort.free()), winrm("dead-2", LoopbackPort.free()));
        Agent agent = startAgent(Duration.ofMinutes(15));
        await(agent.checkinNow());
        // queued behind the automatic round, so when it ends that round has ended too; it finds nothing new
        await(agent.probeTargetsNow());

        assertThat(reachabilityRecords(agent)).extracting(EvidenceRecord::outcome)
                .containsExactly("connect_refused", "connect_refused");
        await(agent.close());
    }

    @Test
    void sshHostIsReachableAndItsKeyTrustedOnFirstUseIsEvidence() throws Exception {
        try (LocalSshd sshd = LocalSshd.start(Files.createDirectories(dir.resolve("sshd")))) {
            relay.targets = List.of(new Target("lnx", "127.0.0.1", Transport.SSH, sshd.port(), true, "key", "root",
                    new Secret(sshd.clientKey()), null), winrm("dead", LoopbackPort.free()));
            Agent agent = startAgent(Duration.ZERO);
            await(agent.checkinNow());

            List<TargetReachability> results = await(agent.probeTargetsNow());

            assertThat(results).extracting(TargetReachability::id, TargetReachability::state)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("lnx", "reachable"),
                            org.assertj.core.groups.Tuple.tuple("dead", "unreachable"));
            assertThat(results.get(0).identity()).isNotBlank();
            assertThat(agent.status().targetsReachable()).isEqualTo(1);
            List<EvidenceRecord> all = await(agent.evidence().range(0, 1000));
            assertThat(all).filteredOn(r -> r.checkId().equals("remote.hostkey")).singleElement().satisfies(r -> {
                assertThat(r.outcome()).isEqualTo("trusted-on-first-use");
                assertThat(r.detailsJson().path("fingerprint").asText()).isEqualTo(sshd.hostKeyFingerprint());
            });
            assertThat(reachabilityRecords(agent)).extracting(EvidenceRecord::outcome)
                    .containsExactlyInAnyOrder("reachable", "connect_refused");
            await(agent.close());
        }
    }

    private static Target winrm(String id, int port) {
        return new Target(id, "127.0.0.1", Transport.WINRM, port, false, "ntlm", "CLINIC\\svc-osiris",
                new Secret(FakeRelay.SECRET), null);
    }

    private static List<EvidenceRecord> reachabilityRecords(Agent agent) {
        return await(agent.evidence().range(0, 1000)).stream()
                .filter(r -> r.checkId().equals("remote.reachability")).toList();
    }

    private void assertNoSecretOnDisk() throws IOException {
        try (Stream<Path> files = Files.walk(dir.resolve("data"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1))
                        .as(f.toString()).doesNotContain(FakeRelay.SECRET);
            }
        }
    }
}
