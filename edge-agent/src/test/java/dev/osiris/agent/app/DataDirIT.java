package dev.osiris.agent.app;

import dev.osiris.agent.config.AgentConfig;
import dev.osiris.testing.Await;
import dev.osiris.testing.TestFiles;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static dev.osiris.testing.Await.await;
import static dev.osiris.testing.Await.failure;
import static org.assertj.core.api.Assertions.assertThat;

/** One writer per data directory (finding 8) and owner-only files whatever the umask (finding 10). */
@ExtendWith(VertxExtension.class)
class DataDirIT {

    @TempDir
    Path dir;

    private Vertx vertx;

    @BeforeEach
    void setUp(Vertx vertx) throws Exception {
        this.vertx = vertx;
        TestFiles.secret(dir.resolve("api.key"), FakeRelay.API_KEY);
    }

    private AgentConfig config() {
        return AgentConfig.builder().siteId("clinic-1").relayUrl("http://127.0.0.1:9").apiKeyFile(dir.resolve("api.key"))
                .dataDir(dir.resolve("data")).checkinInterval(Duration.ofHours(1)).backoffMin(Duration.ofHours(1))
                .backoffMax(Duration.ofHours(1)).reachabilityInterval(Duration.ZERO).build();
    }

    @Test
    void aSecondWriterInAnotherProcessIsRefusedNamingTheHolderUntilTheFirstEnds() throws Exception {
        String data = dir.resolve("data").toString();
        Agent agent = await(Agent.start(vertx, config()));

        AgentProcess.Result append = AgentProcess.run(dir, "evidence", "append", "--data-dir", data, "--count", "1");
        assertThat(append.exit()).isEqualTo(2);
        assertThat(append.err()).contains("data directory " + data + " is in use by another osiris-agent (pid "
                + ProcessHandle.current().pid() + ", run since ");
        AgentProcess.Result verify = AgentProcess.run(dir, "evidence", "verify", "--data-dir", data);
        assertThat(verify.exit()).as(verify.err()).isZero();
        assertThat(verify.out()).startsWith("chain intact");

        await(agent.close());
        AgentProcess.Result after = AgentProcess.run(dir, "evidence", "append", "--data-dir", data, "--count", "1");
        assertThat(after.exit()).as(after.err()).isZero();
        assertThat(after.out()).startsWith("committed ");
    }

    @Test
    void aRunningAgentInAnotherProcessRefusesASecondAgentHere() throws Exception {
        Path yaml = Files.writeString(dir.resolve("agent.yaml"), """
                siteId: clinic-1
                relayUrl: http://127.0.0.1:9
                apiKeyFile: api.key
                dataDir: data
                reachabilityInterval: off
                """);
        AgentProcess run = AgentProcess.start(dir, "run", "--config", yaml.toString());
        try {
            Await.until("the agent in the second JVM to start", () -> outOf(run).contains(" running, site clinic-1"));
            assertThat(failure(Agent.start(vertx, config())))
                    .hasMessageContaining("is in use by another osiris-agent (pid " + run.pid() + ", run since ");
        } finally {
            run.stop();
        }
        Agent agent = await(Agent.start(vertx, config()));
        await(agent.close());
    }

    @Test
    void aSecondAgentInTheSameProcessIsRefused() {
        Agent first = await(Agent.start(vertx, config()));
        try {
            assertThat(failure(Agent.start(vertx, config())))
                    .hasMessageContaining("is in use by another osiris-agent (pid " + ProcessHandle.current().pid());
        } finally {
            await(first.close());
        }
    }

    @Test
    void underUmask022EveryFileAndDirectoryOfTheAgentIsOwnerOnly() throws Exception {
        Path yaml = Files.writeString(dir.resolve("agent.yaml"), """
                siteId: clinic-1
                relayUrl: http://127.0.0.1:9
                apiKeyFile: api.key
                dataDir: data/nested
                reachabilityInterval: off
                """);
        Path data = dir.resolve("data/nested");
        AgentProcess run = AgentProcess.start(dir, "run", "--config", yaml.toString());
        List<String> live = List.of("evidence.db", "evidence.db-wal", "evidence.db-shm", "status.json",
                "compliance.json", "appliance.key", "agent.lock");
        try {
            Await.until("the agent to write " + live, () -> live.stream().allMatch(f -> Files.exists(data.resolve(f))));
            assertOwnerOnly(data);
        } finally {
            run.stop(); // SIGTERM: the agent closes cleanly, the JVM exits 143
        }
        assertOwnerOnly(data);
        assertThat(mode(dir.resolve("data"))).isEqualTo("rwx------");
    }

    private static void assertOwnerOnly(Path data) throws Exception {
        assertThat(mode(data)).isEqualTo("rwx------");
        try (Stream<Path> files = Files.list(data)) {
            for (Path f : files.toList()) {
                assertThat(mode(f)).as(f.toString()).isEqualTo("rw-------");
            }
        }
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    private static String outOf(AgentProcess p) {
        try {
            return p.out();
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
