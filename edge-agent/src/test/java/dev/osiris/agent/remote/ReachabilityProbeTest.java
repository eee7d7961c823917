package dev.osiris.agent.remote;

import dev.osiris.protocol.checkin.Secret;
import dev.osiris.protocol.checkin.Target;
import dev.osiris.protocol.checkin.Transport;
import dev.osiris.testing.Await;
import dev.osiris.testing.LoopbackPort;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Probes never fail, and a host that hangs holds back only its own probe. */
class ReachabilityProbeTest {

    private Vertx vertx;
    private RemoteShells shells;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        shells = new RemoteShells(vertx, RemoteConfig.DEFAULTS.withConnectTimeout(Duration.ofSeconds(2))
                .withOperationTimeout(Duration.ofSeconds(2)), KnownHosts.inMemory());
    }

    @AfterEach
    void stop() throws Exception {
        shells.close();
        Await.result(vertx.close());
    }

    @Test
    void aHangingHostDoesNotDelayTheRefusedOne() throws Exception {
        try (TinyServer silent = TinyServer.silent()) {
            ReachabilityProbe probe = new ReachabilityProbe(shells, Duration.ofSeconds(5), Clock.systemUTC());
            Future<TargetReachability> hanging = probe.probe(ssh("hanging", silent.port()));
            Future<TargetReachability> refused = probe.probe(ssh("refused", LoopbackPort.free()));

            TargetReachability r = Await.result(refused);
            assertThat(r.reason()).isEqualTo("connect_refused");
            assertThat(r.durationMs()).isLessThan(1000);

            TargetReachability h = Await.result(hanging);
            assertThat(h.state()).isEqualTo("unreachable");
            assertThat(h.durationMs()).as("the hanging host ran into its own deadline").isGreaterThanOrEqualTo(1500);
            assertThat(List.of("connect_timeout", "timeout")).contains(h.reason());
            assertThat(h.error()).doesNotContain("pa55word-SECRET");
        }
    }

    private static Target ssh(String id, int port) {
        return new Target(id, "127.0.0.1", Transport.SSH, port, true, "password", "root",
                new Secret("pa55word-SECRET"), null);
    }
}
