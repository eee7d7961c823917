package dev.osiris.lab.bench.update;

import dev.osiris.agent.boot.GrubBootSlots;
import dev.osiris.agent.boot.GrubEnvFile;
import dev.osiris.agent.config.AgentConfig;
import dev.osiris.agent.evidence.ApplianceKeyFile;
import dev.osiris.agent.evidence.Entries;
import dev.osiris.agent.evidence.SqliteDatabase;
import dev.osiris.agent.evidence.SqliteEvidenceStore;
import dev.osiris.agent.update.UpdateEvidence;
import dev.osiris.agent.update.UpdateJob;
import dev.osiris.agent.update.UpdateState;
import dev.osiris.agent.update.Updater;
import dev.osiris.lab.Await;
import dev.osiris.lab.WorkDirs;
import dev.osiris.lab.proc.JavaProcess;
import dev.osiris.lab.update.ImageServer;
import dev.osiris.lab.update.Release;
import dev.osiris.lab.update.SimulatedBoot;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./osiris bench update}: one self-update of an appliance whose slots are files in the work directory,
 * through the agent's own {@link Updater} from a release server on loopback: download, verify (size, SHA-256 and the
 * signed manifest), slot write with fsync and read-back, each timed at the updater's named points. Beside it, in
 * the same run, {@code dd oflag=direct conv=fsync} of the same size to a file in the same directory. Then the
 * simulated reboot into the trial slot and the health gate in a JVM of its own, with the relay unreachable, timed
 * from process start to its decision. Prints the figures and writes them to {@code update-results.txt}.
 */
public final class UpdateBench {

    private static final double MIB = 1 << 20;

    private final Path dir;
    private final PrintStream out;
    private final long size;
    private final List<String> lines = new ArrayList<>();

    public UpdateBench(Path dir, PrintStream out, long size) {
        this.dir = dir;
        this.out = out;
        this.size = size;
    }

    public Path run() throws Exception {
        WorkDirs.fresh(dir);
        print("osiris bench update, " + Instant.now() + ", " + Runtime.getRuntime().availableProcessors() + " cores, java "
                + Runtime.version());
        Release release = new Release();
        Path image = dir.resolve("release-1.1.0.img");
        String sha256 = Release.writeImage(image, size, 11);
        Path config = writeAppliance(release.publicKey());
        print(String.format(Locale.ROOT, "  image %.0f MiB (%d bytes) over loopback HTTP/1.1 to a file-backed standby"
                + " slot in %s", size / MIB, size, dir));

        // dd just before and just after the update: on a shared machine one run alone says little
        double ddBefore = dd(image, dir.resolve("dd-target.img"));
        StepTimes steps = update(AgentConfig.load(config), release, image, sha256);
        double download = steps.seconds("recorded:downloading", "saved:verifying");
        double verify = steps.seconds("recorded:verifying", "saved:writing");
        double write = steps.seconds("recorded:writing", "slot-write:before-fsync");
        double fsync = steps.seconds("slot-write:before-fsync", "slot-write:before-read-back");
        double readBack = steps.seconds("slot-write:before-read-back", "saved:written");
        double total = steps.seconds("submit", "recorded:rebooting");
        print(figure("download (HTTP Range-capable, to the staging file)", download, true));
        print(figure("verify (size, SHA-256 of the staged image)", verify, true));
        print(figure("slot write (write + fsync)", write + fsync, true)
                + String.format(Locale.ROOT, "   write %.2f s, fsync %.2f s", write, fsync));
        print(figure("read-back (SHA-256 of the slot)", readBack, true));
        print(figure("total (order accepted -> rebooting, with evidence)", total, false));

        double ddAfter = dd(image, dir.resolve("dd-target.img"));
        print(figure("dd bs=4M oflag=direct conv=fsync, same size and file system, before", ddBefore, true));
        print(figure("dd bs=4M oflag=direct conv=fsync, same size and file system, after", ddAfter, true));
        double ratio = (ddBefore + ddAfter) / 2 / (write + fsync);
        print(String.format(Locale.ROOT, "  slot write / dd throughput (mean of the two dd runs): %.2fx (aim >= 0.8x: %s)", ratio,
                ratio >= 0.8 ? "met" : "not met"));

        healthGate(config);
        Path results = dir.resolveSibling("update-results.txt");
        Files.write(results, lines);
        out.println("results written to " + results);
        return results;
    }

    /** The appliance's config and files: data dir, API key, slots, boot block; the relay's port has no listener. */
    private Path writeAppliance(String releaseKey) throws IOException {
        Path apiKey = Files.writeString(dir.resolve("api.key"), "bench-not-a-secret\n");
        Files.setPosixFilePermissions(apiKey, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(dir.resolve("slot-a.img"), "running image 1.0.0");
        Files.writeString(dir.resolve("slot-b.img"), "old image 0.9.0");
        new SimulatedBoot(dir.resolve("grubenv"), dir.resolve("cmdline")).fresh();
        Path config = dir.resolve("agent.yaml");
        Files.writeString(config, """
                siteId: bench
                relayUrl: http://127.0.0.1:%d
                apiKeyFile: api.key
                dataDir: data
                update:
                  releaseKey: %s
                  slotA: slot-a.img
                  slotB: slot-b.img
                  rebootCommand: ["true"]
                  allowHttp: true
                  maxImageBytes: %d
                  kernelCmdline: cmdline
                  grubEnv: grubenv
                """.formatted(closedPort(), releaseKey, size));
        ApplianceKeyFile.loadOrCreate(AgentConfig.load(config).applianceKeyFile());
        return config;
    }

    private StepTimes update(AgentConfig config, Release release, Path image, String sha256) throws Exception {
        Vertx vertx = Vertx.vertx();
        StepTimes steps = new StepTimes();
        SqliteEvidenceStore store = Await.result(SqliteDatabase.open(config.evidenceDatabase(), config.evidenceSync())
                .compose(db -> SqliteEvidenceStore.open(db, ApplianceKeyFile.load(config.applianceKeyFile()))));
        Clock clock = Clock.systemUTC();
        GrubBootSlots slots = new GrubBootSlots(new GrubEnvFile(config.update().grubEnv()),
                Files.readString(config.update().kernelCmdline()));
        try (Updater updater = new Updater(config.update(), config.updateDir(), slots,
                new UpdateEvidence(store, new Entries(clock)), () -> { }, steps, clock, "1.0.0")) {
            ImageServer server = Await.result(ImageServer.start(vertx));
            steps.reached("submit");
            updater.submit(release.order("1.1.0", server.publish("1.1.0", image), size, sha256))
                    .get(1, TimeUnit.MINUTES);
            UpdateJob done = updater.settled().get(30, TimeUnit.MINUTES);
            if (done.state() != UpdateState.REBOOTING) {
                throw new IllegalStateException("the update ended " + done.describe());
            }
        } finally {
            Await.result(store.close());
            Await.result(vertx.close());
        }
        return steps;
    }

    private double dd(Path from, Path to) throws IOException, InterruptedException {
        long start = System.nanoTime();
        Process dd = new ProcessBuilder("dd", "if=" + from, "of=" + to, "bs=4M", "iflag=fullblock", "oflag=direct",
                "conv=fsync", "status=none").redirectErrorStream(true).start();
        String said = new String(dd.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!dd.waitFor(30, TimeUnit.MINUTES) || dd.exitValue() != 0) {
            throw new IllegalStateException("dd failed: " + said);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Files.delete(to);
        return seconds;
    }

    /** Boots the trial slot as GRUB would and runs {@code agent health-gate} in its own JVM, start to exit. */
    private void healthGate(Path config) throws IOException, InterruptedException {
        var booted = new SimulatedBoot(dir.resolve("grubenv"), dir.resolve("cmdline")).boot().orElseThrow();
        List<String> jvm = AgentJvmOptions.read();
        long start = System.nanoTime();
        Process gate = JavaProcess.start(jvm, "dev.osiris.agent.app.AgentMain",
                List.of("health-gate", "--config", config.toString()));
        String said = new String(gate.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!gate.waitFor(5, TimeUnit.MINUTES)) {
            gate.destroyForcibly();
            throw new IllegalStateException("the health gate did not decide within 5 minutes");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        print("  health gate after the reboot into " + booted + " (its own JVM, "
                + (jvm.isEmpty() ? "default JVM options" : "the agent's jvm.options") + "), exit " + gate.exitValue()
                + ":");
        said.lines().filter(l -> !l.startsWith("WARNING") && !l.startsWith("SLF4J")).forEach(l -> print("    " + l));
        print(String.format(Locale.ROOT, "  health gate, relay unreachable (connection refused): decision in %.2f s,"
                + " process start to exit (aim < 10 s: %s)", seconds, seconds < 10 ? "met" : "not met"));
        if (gate.exitValue() != 0) {
            throw new IllegalStateException("the health gate refused the trial boot (exit " + gate.exitValue() + ")");
        }
    }

    private String figure(String what, double seconds, boolean rate) {
        String line = String.format(Locale.ROOT, "  %-68s %7.2f s", what, seconds);
        return rate ? line + String.format(Locale.ROOT, "  %8.1f MiB/s", size / MIB / seconds) : line;
    }

    private void print(String line) {
        out.println(line);
        lines.add(line);
    }

    /** A loopback port nobody listens on: the relay is down, connects are refused at once. */
    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static final class AgentJvmOptions {
        private AgentJvmOptions() {
        }

        /** The agent's own {@code edge-agent/jvm.options} when run from the tree (so the gate runs as it boots). */
        static List<String> read() throws IOException {
            for (Path p : List.of(Path.of("edge-agent/jvm.options"), Path.of("../edge-agent/jvm.options"))) {
                if (Files.isRegularFile(p)) {
                    return Files.readAllLines(p).stream().map(l -> l.replaceAll("#.*", "").strip())
                            .filter(l -> !l.isEmpty()).toList();
                }
            }
            return List.of();
        }
    }
}
