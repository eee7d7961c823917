package dev.osiris.agent.config;

import dev.osiris.agent.evidence.EvidenceSync;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import dev.osiris.agent.remote.RemoteConfig;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AgentConfigTest {

    @TempDir
    Path dir;

    private Path write(String yaml) throws Exception {
        Path file = dir.resolve("agent.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private static final String MINIMAL = """
            siteId: clinic-1
            relayUrl: https://relay.example.com
            apiKeyFile: api.key
            dataDir: data
            """;

    @Test
    void minimalFileGetsDefaultsAndResolvesPathsBesideIt() throws Exception {
        AgentConfig c = AgentConfig.load(write(MINIMAL));
        assertThat(c.checkinInterval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.checkinJitter()).isEqualTo(0.1);
        assertThat(c.backoffMin()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.backoffMax()).isEqualTo(Duration.ofSeconds(300));
        assertThat(c.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.evidenceSync()).isEqualTo(EvidenceSync.FULL);
        assertThat(c.bundleMaxRecords()).isEqualTo(1000);
        assertThat(c.reachabilityInterval()).isEqualTo(Duration.ofMinutes(15));
        assertThat(c.dataDir()).isEqualTo(dir.resolve("data"));
    }

    @Test
    void durationsAcceptShortAndIsoForms() throws Exception {
        AgentConfig c = AgentConfig.load(write(MINIMAL + "checkinInterval: 5m\nbackoffMin: PT1S\nrequestTimeout: 500ms\n"));
        assertThat(c.checkinInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.backoffMin()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.requestTimeout()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void reachabilityIntervalCanBeTurnedOffButNotMadeTiny() throws Exception {
        assertThat(AgentConfig.load(write(MINIMAL + "reachabilityInterval: 5m\n")).reachabilityInterval())
                .isEqualTo(Duration.ofMinutes(5));
        assertThat(AgentConfig.load(write(MINIMAL + "reachabilityInterval: \"off\"\n")).reachabilityInterval()).isZero();
        assertThat(AgentConfig.load(write(MINIMAL + "reachabilityInterval: 0s\n")).reachabilityInterval()).isZero();
        assertThatThrownBy(() -> AgentConfig.load(write(MINIMAL + "reachabilityInterval: 2s\n")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("reachabilityInterval: must be at least 10s");
    }

    @Test
    void unknownKeyIsRefusedWithItsPath() throws Exception {
        assertThatThrownBy(() -> AgentConfig.load(write(MINIMAL + "tls:\n  pinSha: abc\n")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("tls.pinSha: unknown key");
        assertThatThrownBy(() -> AgentConfig.load(write(MINIMAL + "checkinIntervall: 5s\n")))
                .hasMessageContaining("checkinIntervall: unknown key");
    }

    @Test
    void plainHttpOnlyToLoopback() throws Exception {
        assertThatThrownBy(() -> AgentConfig.load(write(MINIMAL.replace("https://relay.example.com", "http://relay.example.com"))))
                .hasMessageContaining("relayUrl: plain http is allowed only to a loopback address");
        assertThat(AgentConfig.load(write(MINIMAL.replace("https://relay.example.com", "http://127.0.0.1:8080"))).relayUrl().getPort())
                .isEqualTo(8080);
    }

    @Test
    void badValuesNameTheirKey() throws Exception {
        assertThatThrownBy(() -> AgentConfig.load(write(MINIMAL + "checkinInterval: soon\n")))
                .hasMessageContaining("checkinInterval: \"soon\" is not a duration");
        assertThatThrownBy(() -> AgentConfig.load(write(MINIMAL + "bundleMaxRecords: 6000\n")))
                .hasMessageContaining("bundleMaxRecords: must be between 1 and 5000");
        assertThatThrownBy(() -> AgentConfig.load(write(MINIMAL + "evidenceSync: OFF\n")))
                .hasMessageContaining("evidenceSync: must be FULL or NORMAL");
        assertThatThrownBy(() -> AgentConfig.load(write(MINIMAL + "tls:\n  pinSha256: xyz\n")))
                .hasMessageContaining("tls.pinSha256: must be 64 hex digits");
        assertThatThrownBy(() -> AgentConfig.load(write(MINIMAL.replace("siteId: clinic-1\n", ""))))
                .hasMessageContaining("siteId: is required");
        assertThatThrownBy(() -> AgentConfig.load(write(MINIMAL + "backoffMin: 10m\nbackoffMax: 1m\n")))
                .hasMessageContaining("backoffMax: must not be shorter than backoffMin");
    }

    @Test
    void builderHasTheSameDefaultsAndChecks() {
        AgentConfig c = AgentConfig.builder().siteId("s").relayUrl("http://localhost:1").apiKeyFile(dir.resolve("k"))
                .dataDir(dir).build();
        assertThat(c.bundleMaxRecords()).isEqualTo(1000);
        assertThatThrownBy(() -> AgentConfig.builder().siteId("s").relayUrl("ftp://x").apiKeyFile(dir).dataDir(dir).build())
                .hasMessageStartingWith("relayUrl:");
    }

    @Test
    void withoutARemoteSectionTheRemoteDefaultsAreUnchanged() throws Exception {
        assertThat(AgentConfig.load(write(MINIMAL)).remote()).isEqualTo(RemoteConfig.DEFAULTS);
        assertThat(RemoteConfig.DEFAULTS).isEqualTo(new RemoteConfig(Duration.ofSeconds(10), Duration.ofSeconds(30),
                1024 * 1024, 8, 8, true));
    }

    @Test
    void remoteSectionSetsTimeoutsPoolsAndTrustOnFirstUse() throws Exception {
        RemoteConfig r = AgentConfig.load(write(MINIMAL + """
                remote:
                  connectTimeout: 3s
                  operationTimeout: 2m
                  maxOutputBytes: 65536
                  winrmWorkers: 4
                  sshWorkers: 2
                  trustOnFirstUse: false
                """)).remote();

        assertThat(r).isEqualTo(new RemoteConfig(Duration.ofSeconds(3), Duration.ofMinutes(2), 65536, 4, 2, false));
        assertThat(AgentConfig.load(write(MINIMAL + "remote:\n  sshWorkers: 3\n")).remote())
                .isEqualTo(RemoteConfig.DEFAULTS.withWorkers(8, 3));
    }

    @Test
    void remoteSectionRefusesUnknownKeysAndBadValuesWithTheirPath() throws Exception {
        assertThatThrownBy(() -> AgentConfig.load(write(MINIMAL + "remote:\n  tofu: true\n")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("remote.tofu: unknown key (known: connectTimeout");
        assertThatThrownBy(() -> AgentConfig.load(write(MINIMAL + "remote: 5\n")))
                .hasMessageContaining("remote: must be a mapping");
        assertThatThrownBy(() -> AgentConfig.load(write(MINIMAL + "remote:\n  connectTimeout: soon\n")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("remote.connectTimeout: \"soon\" is not a duration");
        assertThatThrownBy(() -> AgentConfig.load(write(MINIMAL + "remote:\n  connectTimeout: 0s\n")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("remote.connectTimeout: must be a positive duration");
        assertThatThrownBy(() -> AgentConfig.load(write(MINIMAL + "remote:\n  operationTimeout: 2h\n")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("remote.operationTimeout: must be at most PT1H");
        assertThatThrownBy(() -> AgentConfig.load(write(MINIMAL + "remote:\n  maxOutputBytes: 100\n")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("remote.maxOutputBytes: must be between 1024 and");
        assertThatThrownBy(() -> AgentConfig.load(write(MINIMAL + "remote:\n  winrmWorkers: 0\n")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("remote.winrmWorkers: must be between 1 and 256, got 0");
        assertThatThrownBy(() -> AgentConfig.load(write(MINIMAL + "remote:\n  sshWorkers: 1000\n")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("remote.sshWorkers: must be between 1 and 256, got 1000");
        assertThatThrownBy(() -> AgentConfig.load(write(MINIMAL + "remote:\n  sshWorkers: two\n")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("remote.sshWorkers: must be an integer");
        assertThatThrownBy(() -> AgentConfig.load(write(MINIMAL + "remote:\n  trustOnFirstUse: maybe\n")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("remote.trustOnFirstUse: must be true or false");
    }

    @Test
    void withoutATimeSectionTheClockIsNotChecked() throws Exception {
        assertThat(AgentConfig.load(write(MINIMAL)).time().enabled()).isFalse();
    }

    @Test
    void timeSectionListsServersAndBoundsTheCheck() throws Exception {
        AgentConfig c = AgentConfig.load(write(MINIMAL + "time:\n  servers: [198.18.200.2, \"198.18.200.6:1123\", ntp.lan]\n"
                + "  interval: 5m\n  timeout: 1500ms\n  maxOffset: 2s\n"));
        assertThat(c.time().servers()).extracting(Object::toString)
                .containsExactly("198.18.200.2:123", "198.18.200.6:1123", "ntp.lan:123");
        assertThat(c.time().interval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.time().timeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(c.time().maxOffset()).isEqualTo(Duration.ofSeconds(2));
        assertThat(AgentConfig.load(write(MINIMAL + "time:\n  servers: [a, b, c]\n")).time().timeout())
                .isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void timeSectionRefusesBadValuesWithTheirPath() throws Exception {
        assertThatThrownBy(() -> AgentConfig.load(write(MINIMAL + "time:\n  servers: [a, b]\n")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("time.servers: needs at least 3 servers");
        assertThatThrownBy(() -> AgentConfig.load(write(MINIMAL + "time:\n  servers: []\n")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("time.servers: must list at least 3");
        assertThatThrownBy(() -> AgentConfig.load(write(MINIMAL + "time:\n  servers: a\n")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("time.servers: must be a list");
        assertThatThrownBy(() -> AgentConfig.load(write(MINIMAL + "time:\n  servers: [a, \"b:0\", c]\n")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("time.servers[1]: port must be between 1 and 65535");
        assertThatThrownBy(() -> AgentConfig.load(write(MINIMAL + "time:\n  servers: [a, [b], c]\n")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("time.servers[1]: must be a string");
        assertThatThrownBy(() -> AgentConfig.load(write(MINIMAL + "time:\n  servers: [a, b, c]\n  timeout: 1m\n")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("time.timeout: must be more than 0 and at most 30s");
        assertThatThrownBy(() -> AgentConfig.load(write(MINIMAL + "time:\n  servers: [a, b, c]\n  pool: x\n")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("time.pool: unknown key (known: interval");
    }

    @Test
    void driftDurationsNameTheirFullPath() throws Exception {
        assertThatThrownBy(() -> AgentConfig.load(write(MINIMAL + "drift:\n  flapWindow: soon\n")))
                .hasMessageContaining("drift.flapWindow: \"soon\" is not a duration");
    }

    @Test
    void durationBeyondALongIsRefusedWithItsPath() {
        // found by AgentConfigFuzzTest: Long.parseLong's NumberFormatException escaped instead of a ConfigException
        assertThatThrownBy(() -> AgentConfig.load(write(MINIMAL + "requestTimeout: 502222222222222222222222222220ms\n")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("requestTimeout: \"502222222222222222222222222220ms\" is too long a duration");
        assertThatThrownBy(() -> AgentConfig.load(write(MINIMAL + "backoffMax: 9223372036854775807h\n")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("backoffMax");
    }
}
