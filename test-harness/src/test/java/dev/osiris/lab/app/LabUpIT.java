package dev.osiris.lab.app;

import dev.osiris.agent.app.Agent;
import dev.osiris.agent.config.AgentConfig;
import dev.osiris.agent.drift.HostScan;
import dev.osiris.agent.remote.TargetReachability;
import dev.osiris.lab.Await;
import dev.osiris.lab.hosts.LabBaseline;
import dev.osiris.lab.linux.LinuxLab;
import dev.osiris.lab.proc.JavaProcess;
import dev.osiris.lab.relay.OperatorClient;
import dev.osiris.protocol.runbook.Verdict;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./osiris lab up} as LAB.md tells it: the default lab in a JVM of its own, started with the launcher's JVM
 * options and the virtual-thread scheduler capped at this machine's 2 cores (parallelism and pool size), then the
 * appliance from the agent config it wrote runs a command on every host. With a pipe reader parked on a carrier
 * (the Linux hosts' sshd logs) every WinRM command of the emulators hung here.
 */
class LabUpIT {

    /** The launcher's JVM options ({@code osiris}, JVM_OPTS) and the 2-core cap on the virtual-thread scheduler. */
    private static final List<String> LAUNCHER_ON_TWO_CORES = List.of("-XX:+UseSerialGC", "-Xss512k",
            "-XX:+ExitOnOutOfMemoryError", "-Djdk.virtualThreadScheduler.parallelism=2",
            "-Djdk.virtualThreadScheduler.maxPoolSize=2");

    @TempDir
    Path work;

    private final List<String> output = new CopyOnWriteArrayList<>();
    private Process lab;
    private Thread reader;
    private Vertx vertx;

    @AfterEach
    void stop() throws Exception {
        if (vertx != null) {
            Await.result(vertx.close());
        }
        if (lab != null && lab.isAlive()) {
            lab.toHandle().destroy();
            lab.waitFor(2, TimeUnit.MINUTES);
            lab.destroyForcibly();
        }
    }

    @Test
    void theDefaultLabAnswersOnEveryHostWithTheSchedulerCappedAtTwoCarriers() throws Exception {
        CompletableFuture<Void> up = startLabUp();
        up.get(4, TimeUnit.MINUTES);
        Map<String, String> printed = printedSettings();
        vertx = Vertx.vertx();
        boolean linux = linuxAvailable();
        List<String> rows = hostRows();
        assertThat(rows).as(String.join("\n", output)).hasSize(linux ? 5 : 3);

        OperatorClient operator = new OperatorClient(vertx, printed.get("relay"), printed.get("operator key"));
        JsonObject settings = Await.result(operator.runbooks(printed.get("site")));
        assertThat(settings.getJsonObject("baseline")).isEqualTo(LabBaseline.site());
        assertThat(settings.getJsonArray("runbooks")).isNotEmpty()
                .allSatisfy(rb -> assertThat(((JsonObject) rb).getBoolean("enabled")).as(rb.toString()).isTrue());

        Agent agent = Await.result(Agent.start(vertx, AgentConfig.load(Path.of(printed.get("agent config")))));
        try {
            Await.result(agent.checkinNow());
            List<TargetReachability> probes = Await.result(agent.probeTargetsNow(), Duration.ofMinutes(2));
            assertThat(probes).hasSize(rows.size()).allSatisfy(r -> assertThat(r.state())
                    .as(r.host() + ":" + r.port() + " " + r.error()).isEqualTo("reachable"));
            List<String> names = rows.stream().map(r -> r.split("\\s+")[0]).toList();
            assertThat(probes).extracting(TargetReachability::identity).containsExactlyInAnyOrderElementsOf(names);

            // the lab's site is the demo's: the catalog with the lab baseline, which every lab host complies with
            List<HostScan> scans = Await.result(agent.scanNow(), Duration.ofMinutes(5));
            assertThat(scans).hasSize(rows.size()).allSatisfy(s -> {
                assertThat(s.reached()).as(s.host() + ": " + s.error()).isTrue();
                assertThat(s.verdicts().values()).as(s.host()).isNotEmpty()
                        .noneMatch(v -> v.status() == Verdict.Status.DRIFTED);
            });
        } finally {
            Await.result(agent.close());
        }

        // SIGTERM through the handle: Process.destroy() would also close our end of its stdout before the last lines
        lab.toHandle().destroy();
        assertThat(lab.waitFor(2, TimeUnit.MINUTES)).as("lab up stops on SIGTERM").isTrue();
        reader.join(Duration.ofSeconds(30));
        assertThat(output).as("lab up exited with " + lab.exitValue()).contains("lab is down");
        assertThat(lab.exitValue()).as("the JVM's exit on SIGTERM, after its cleanup").isEqualTo(128 + 15);
    }

    private CompletableFuture<Void> startLabUp() throws Exception {
        ProcessBuilder builder = JavaProcess.builder(LAUNCHER_ON_TWO_CORES, LabMain.class.getName(), List.of("lab", "up"))
                .directory(work.toFile()).redirectErrorStream(true);
        builder.environment().put("OSIRIS_WORK", work.resolve(".osiris").toString());
        lab = builder.start();
        CompletableFuture<Void> up = new CompletableFuture<>();
        reader = Thread.ofPlatform().daemon().name("lab-up-output").start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(lab.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    output.add(line);
                    if (line.startsWith("lab is up")) {
                        up.complete(null);
                    }
                }
            } catch (java.io.IOException ignored) {
                // the process ended
            }
            up.completeExceptionally(new AssertionError("lab up exited before it was up:\n" + String.join("\n", output)));
        });
        return up;
    }

    /** The "relay:", "operator key:", "site:" and "agent config:" lines lab up printed. */
    private Map<String, String> printedSettings() {
        Map<String, String> settings = new java.util.HashMap<>();
        for (String line : output) {
            for (String key : List.of("relay", "operator key", "site", "agent config")) {
                if (line.startsWith(key + ":")) {
                    settings.put(key, line.substring(key.length() + 1).strip());
                }
            }
        }
        assertThat(settings).as(String.join("\n", output)).hasSize(4);
        return settings;
    }

    /** The rows of the hosts table, between its header and the first blank line. */
    private List<String> hostRows() {
        List<String> rows = new ArrayList<>();
        boolean inTable = false;
        for (String line : output) {
            if (line.startsWith("NAME ")) {
                inTable = true;
            } else if (inTable && (line.isBlank() || line.startsWith("skipped:"))) {
                break;
            } else if (inTable) {
                rows.add(line);
            }
        }
        return rows;
    }

    private boolean linuxAvailable() {
        LinuxLab probe = new LinuxLab(vertx, work.resolve("probe"));
        try {
            return Await.result(probe.checkAvailability()).available();
        } finally {
            probe.close();
        }
    }
}
