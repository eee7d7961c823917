package dev.osiris.agent.update;

import dev.osiris.agent.boot.BootSlots;
import dev.osiris.agent.boot.BootSlots.Slot;
import dev.osiris.agent.boot.FileBootSlots;
import dev.osiris.protocol.json.Json;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.osiris.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Power cut at every step: the update (and the health gate) in a child JVM is killed with SIGKILL at each injection
 * point in turn; the next start and the next boots must end with a bootable slot, the new image committed, and an
 * intact evidence chain. The points come from an uninterrupted run, so a new point is covered without editing this.
 */
class UpdatePowerCutIT {

    private static final byte[] IMAGE = Releases.image(5 * 1024 * 1024 + 3, 11);

    @TempDir
    Path root;
    private Vertx vertx;
    private ReleaseServer server;
    private final Releases releases = new Releases();

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
        server = ReleaseServer.start(vertx, IMAGE, ReleaseServer.Fault.NONE);
    }

    @AfterEach
    void tearDown() {
        server.close();
        await(vertx.close());
    }

    @Test
    void killedAtEveryInjectionPointTheApplianceEndsCommittedWithAnIntactChain() throws Exception {
        Path clean = appliance("clean");
        List<String> installPoints = passed(run(clean, "install", "none"));
        assertThat(new FileBootSlots(clean.resolve("grubenv")).boot()).isEqualTo(Slot.B);
        List<String> gatePoints = passed(run(clean, "gate", "none"));
        assertThat(installPoints).contains("download:partial", "slot-write:first-chunk", "slot-write:before-fsync",
                "slot-write:before-read-back", "mark-active:done", "saved:downloading", "recorded:rebooting");
        assertThat(gatePoints).contains("saved:trial-boot", "saved:health-check", "mark-good:done", "saved:committed",
                "recorded:committed");

        List<String> report = new ArrayList<>();
        for (String point : installPoints) {
            Path dir = appliance("install-" + point.replace(':', '-'));
            killAt(dir, "install", point);
            assertThat(run(dir, "resume", "none").exit).as("resume after a cut at " + point).isZero();
            report.add(settle(dir, "install", point));
        }
        for (String point : gatePoints) {
            Path dir = appliance("gate-" + point.replace(':', '-'));
            run(dir, "install", "none");
            new FileBootSlots(dir.resolve("grubenv")).boot();
            killAt(dir, "gate", point);
            report.add(settle(dir, "gate", point));
        }
        System.out.println("power-cut injection points: " + report.size() + " of "
                + (installPoints.size() + gatePoints.size()) + " (100%)");
        report.forEach(line -> System.out.println("  " + line));
        assertThat(report).hasSize(installPoints.size() + gatePoints.size());
    }

    /** Boots as GRUB would and runs the gate until the update rests; asserts the end state. */
    private String settle(Path dir, String phase, String point) throws Exception {
        FileBootSlots slots = new FileBootSlots(dir.resolve("grubenv"));
        UpdateJob job = new UpdateStateFile(dir.resolve("update")).read();
        int boots = 0;
        while (!job.state().finished() && boots < 4) {
            Slot booted = slots.boot();
            assertThat(booted).as("a bootable slot after a cut at " + point).isNotNull();
            boots++;
            run(dir, "gate", "none");
            job = new UpdateStateFile(dir.resolve("update")).read();
        }
        // the agent starts after the gate passed: its first act is to open the update's journal
        assertThat(run(dir, "resume", "none").exit).isZero();
        BootSlots.State s = slots.read();
        assertThat(job.state()).as("after a cut at " + phase + " " + point).isEqualTo(UpdateState.COMMITTED);
        assertThat(s.booted()).isEqualTo(Slot.B);
        assertThat(s.bOk()).isTrue();
        assertThat(s.bTry()).isZero();
        assertThat(Files.readAllBytes(dir.resolve("slot-b.img"))).isEqualTo(IMAGE);
        try (UpdateFixture f = UpdateFixture.open(dir, releases.key.publicKey().base64(), 64L << 20, Crashpoints.NONE)) {
            var chain = await(f.store.verify());
            assertThat(chain.intact()).as("chain after a cut at " + point).isTrue();
            // a cut between a save and its record is made good at the next start: no transition goes unrecorded
            assertThat(f.records().stream().map(r -> r.checkId()).toList()).as("transitions recorded, cut at " + point)
                    .contains("update/downloading", "update/verifying", "update/writing", "update/written",
                            "update/rebooting", "update/trial-boot", "update/health-check", "update/committed");
            return phase + " " + point + ": " + job.state().wireName() + " on " + s.booted() + " after " + boots
                    + " more boot(s), chain intact (" + chain.records() + " records)";
        }
    }

    private Path appliance(String name) throws Exception {
        Path dir = Files.createDirectories(root.resolve(name));
        UpdateFixture.prepare(dir);
        Files.write(dir.resolve("order.json"), Json.bytes(releases.signed("1.1.0", server.url(), IMAGE, false).toJson()));
        return dir;
    }

    private record Run(int exit, List<String> lines) {
    }

    private static List<String> passed(Run run) {
        assertThat(run.exit).as(String.join("\n", run.lines)).isZero();
        Set<String> points = new LinkedHashSet<>();
        run.lines.stream().filter(l -> l.startsWith("PASS ")).forEach(l -> points.add(l.substring(5)));
        return List.copyOf(points);
    }

    private Run run(Path dir, String mode, String crashAt) throws Exception {
        Process p = start(dir, mode, crashAt);
        List<String> lines = lines(p);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), lines);
    }

    /** Starts the child, waits until it stands at {@code point}, then kills it with SIGKILL. */
    private void killAt(Path dir, String mode, String point) throws Exception {
        Process p = start(dir, mode, point);
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<Boolean> reached = CompletableFuture.supplyAsync(() -> {
            try {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.equals("AT " + point)) {
                        return true;
                    }
                }
                return false;
            } catch (java.io.IOException e) {
                return false;
            }
        });
        boolean at = reached.get(60, TimeUnit.SECONDS);
        p.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no flush, as a power cut
        p.waitFor(30, TimeUnit.SECONDS);
        assertThat(at).as("the child reached " + point).isTrue();
        assertThat(p.exitValue()).isEqualTo(137);
    }

    private Process start(Path dir, String mode, String crashAt) throws Exception {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
                "-cp", System.getProperty("java.class.path"), PowerCutChild.class.getName(), dir.toString(),
                releases.key.publicKey().base64(), mode, crashAt).redirectErrorStream(true).start();
    }

    private static List<String> lines(Process p) throws Exception {
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                lines.add(line);
            }
        }
        return lines;
    }
}
