package dev.osiris.agent.app;

import dev.osiris.agent.config.AgentConfig;
import dev.osiris.agent.remote.LocalSshd;
import dev.osiris.agent.remote.TargetReachability;
import dev.osiris.protocol.checkin.Secret;
import dev.osiris.protocol.checkin.Target;
import dev.osiris.protocol.checkin.Transport;
import dev.osiris.protocol.evidence.EvidenceRecord;
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
import java.util.List;

import static dev.osiris.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the agent learned survives a restart on the same data directory: an SSH host key trusted on first use is
 * still known (no second first use), and a different key on that host and port is refused as changed; a target
 * that was unreachable before the restart is not recorded as newly unreachable after it. What it remembers is per
 * target, never per address.
 */
@ExtendWith(VertxExtension.class)
class AgentRestartIT {

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
        AgentConfig config = relay.agentConfig(dir).build();
        Agent agent = await(Agent.start(vertx, config));
        await(agent.checkinNow());
        return agent;
    }

    private static Target ssh(LocalSshd sshd) throws Exception {
        return new Target("lnx", "127.0.0.1", Transport.SSH, sshd.port(), true, "key", "root",
                new Secret(sshd.clientKey()), null);
    }

    @Test
    void aHostKeyTrustedOnFirstUseIsStillKnownAfterARestartAndAChangedOneIsRefused() throws Exception {
        int port;
        String trusted;
        try (LocalSshd sshd = LocalSshd.start(Files.createDirectories(dir.resolve("sshd-1")))) {
            port = sshd.port();
            trusted = sshd.hostKeyFingerprint();
            relay.targets = List.of(ssh(sshd));
            Agent first = startAgent();
            assertThat(await(first.probeTargetsNow())).singleElement().extracting(TargetReachability::state)
                    .isEqualTo("reachable");
            await(first.close());

            Agent second = startAgent();
            assertThat(second.remote().knownHosts().fingerprint("127.0.0.1", port)).contains(trusted);
            assertThat(await(second.probeTargetsNow())).singleElement().extracting(TargetReachability::state)
                    .isEqualTo("reachable");
            assertThat(hostKeyRecords(second)).as("trusted once, before the restart").singleElement()
                    .satisfies(r -> assertThat(r.detailsJson().path("fingerprint").asText()).isEqualTo(trusted));
            await(second.close());
        }
        // the same host and port now presents another key (a reinstalled host, or someone in between)
        try (LocalSshd other = LocalSshd.start(Files.createDirectories(dir.resolve("sshd-2")), port)) {
            assertThat(other.hostKeyFingerprint()).isNotEqualTo(trusted);
            relay.targets = List.of(ssh(other));
            Agent third = startAgent();

            assertThat(await(third.probeTargetsNow())).singleElement().satisfies(r -> {
                assertThat(r.reason()).isEqualTo("host_key_changed");
                assertThat(r.error()).contains(trusted);
            });
            assertThat(third.remote().knownHosts().fingerprint("127.0.0.1", port)).contains(trusted);
            assertThat(hostKeyRecords(third)).hasSize(1);
            await(third.close());
        }
    }

    @Test
    void aTargetUnreachableBeforeARestartIsRecordedOnceNotAgainAfterIt() throws Exception {
        relay.enabledRunbooks = List.of("RB-WIN-FIREWALL-001");
        relay.targets = List.of(new Target("dead", "127.0.0.1", Transport.WINRM, LoopbackPort.free(), false, "ntlm",
                "CLINIC\\svc-osiris", new Secret(FakeRelay.SECRET), null));
        Agent first = startAgent();
        assertThat(await(first.scanNow())).singleElement().satisfies(s -> assertThat(s.reached()).isFalse());
        await(first.close());

        Agent second = startAgent();
        assertThat(await(second.scanNow())).singleElement().satisfies(s -> assertThat(s.reached()).isFalse());

        assertThat(await(second.evidence().range(0, 10_000))).filteredOn(r -> r.checkId().equals("drift.scan"))
                .extracting(EvidenceRecord::outcome).containsExactly("unreachable");
        await(second.close());
    }

    @Test
    void anOrderCarriedOutBeforeARestartIsNotCarriedOutAgainWhenTheRelayResendsIt() {
        relay.orders = List.of(new dev.osiris.protocol.checkin.Order("o-restart", "scan",
                dev.osiris.protocol.json.Json.object(), java.time.Instant.now().minusSeconds(5)));
        Agent first = startAgent();
        await(first.checkinNow());
        await(first.close());

        // the acknowledgement was still pending at the restart, so the relay sends the order again
        Agent second = startAgent();
        await(second.checkinNow());
        await(second.checkinNow());
        assertThat(await(second.evidence().range(0, 10_000))).filteredOn(r -> r.checkId().equals("order.scan"))
                .as("carried out once across the restart").hasSize(1);
        assertThat(relay.reports).as("and acknowledged by the agent that was sent it again")
                .anySatisfy(r -> assertThat(r.ackedOrders()).contains("o-restart"));
        await(second.close());
    }

    @Test
    void twoTargetsBehindOneAddressEachHaveTheirOwnReachability() throws Exception {
        relay.enabledRunbooks = List.of("RB-WIN-FIREWALL-001");
        relay.targets = List.of(
                new Target("nat-5985", "127.0.0.1", Transport.WINRM, LoopbackPort.free(), false, "ntlm",
                        "CLINIC\\svc-osiris", new Secret(FakeRelay.SECRET), null),
                new Target("nat-5986", "127.0.0.1", Transport.WINRM, LoopbackPort.free(), false, "ntlm",
                        "CLINIC\\svc-osiris", new Secret(FakeRelay.SECRET), null));
        Agent agent = startAgent();

        assertThat(await(agent.scanNow())).extracting(s -> s.targetId() + ":" + s.reached())
                .containsExactlyInAnyOrder("nat-5985:false", "nat-5986:false");

        assertThat(await(agent.evidence().range(0, 10_000))).as("one unreachable record per target, not per address")
                .filteredOn(r -> r.checkId().equals("drift.scan")).extracting(EvidenceRecord::outcome)
                .containsExactly("unreachable", "unreachable");
        await(agent.close());
    }

    private static List<EvidenceRecord> hostKeyRecords(Agent agent) {
        return await(agent.evidence().range(0, 10_000)).stream()
                .filter(r -> r.checkId().equals("remote.hostkey")).toList();
    }
}
