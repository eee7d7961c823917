package dev.osiris.lab.bench;

import dev.osiris.lab.WorkDirs;
import dev.osiris.lab.proc.JavaProcess;
import dev.osiris.lab.relay.OperatorClient;
import dev.osiris.protocol.evidence.ApplianceKey;
import dev.osiris.relay.db.EmbeddedPostgres;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.SelfSignedCertificate;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ./osiris bench relay}: in one run, side by side on one embedded PostgreSQL, the {@code SELECT 1} ceiling,
 * the naive committed check-in ({@link AnchorServer}), the relay's full check-in over HTTP and over TLS 1.3 with
 * keep-alive, at constant arrival rates, each with the achieved rate, p50/p99/p99.9, errors, the load generator's
 * lag, and the serving process's CPU and RSS; then the thundering herd after a relay restart; then two relays
 * sharing the load. Two relay processes run throughout: A (HTTP, which started the PostgreSQL) and B (TLS,
 * attached). The load generator is this JVM: one Vert.x event loop, open loop, each request a distinct signed
 * report (own seq and signature) built before its step, latency from its due time.
 */
public final class RelayBench {

    /** Run settings; {@code seconds} per load step (30 in the issue; fewer for a quick look). */
    public record Settings(int seconds, int[] rates, int appliances, int herd, Duration outage, int herdSeconds) {
    }

    private static final String RELAY_MAIN = "dev.osiris.relay.app.RelayMain";
    private static final Pattern OPERATOR_KEY = Pattern.compile("(opk_[A-Za-z0-9_-]+)");
    private static final String HEADER = String.format("  %-30s %8s %10s %8s %8s %9s %7s %8s %6s %9s %7s",
            "", "target", "achieved", "p50 ms", "p99 ms", "p99.9 ms", "errors", "lag ms", "cpu", "rss MiB", "pg cpu");

    private final Path workDir;
    private final PrintStream out;
    private final Settings settings;
    private final List<String> lines = new ArrayList<>();
    // stopped at the end of the run, and by a shutdown hook if this JVM is stopped before
    private final BenchProcesses processes = new BenchProcesses();
    private PgStats pgStats;

    public RelayBench(Path workDir, PrintStream out, Settings settings) {
        this.workDir = workDir;
        this.out = out;
        this.settings = settings;
    }

    public Path run() throws Exception {
        WorkDirs.fresh(workDir);
        Path dataDir = workDir.resolve("relay");
        List<String> jvm = RelayJvm.options();
        say("osiris bench relay, " + Instant.now() + ", " + Runtime.getRuntime().availableProcessors() + " cores, java "
                + Runtime.version() + ", " + settings.seconds() + " s per step; relay JVM " + String.join(" ", jvm));
        say("load generator: one Vert.x event loop in this JVM (pid " + ProcessHandle.current().pid() + "), open loop,"
                + " 256 keep-alive connections; its lag is the 'lag ms' column; cpu is the serving process's, in cores");
        String operatorKey = operatorKey(dataDir);
        SelfSignedCertificate cert = SelfSignedCertificate.create("127.0.0.1");
        Vertx vertx = Vertx.vertx();
        int portA = freePort();
        int portB = freePort();
        BenchProcess a = relay(jvm, dataDir, portA, null);
        BenchProcess b = relay(jvm, dataDir, portB, cert);
        int anchorPort = freePort();
        BenchProcess anchor = processes.add(BenchProcess.start(List.of("-XX:+UseSerialGC", "-Xmx128m"),
                AnchorServer.class.getName(), List.of(dataDir.toString(), String.valueOf(anchorPort)),
                "anchor listening", Duration.ofMinutes(2)));
        EmbeddedPostgres pg = EmbeddedPostgres.start(dataDir);
        pgStats = new PgStats(dataDir.resolve("pg"));
        Pool db = PgBuilder.pool().with(new PoolOptions().setMaxSize(1)).connectingTo(pg.connection().pgOptions())
                .using(vertx).build();
        try (OperatorClient operator = new OperatorClient(vertx, "http://127.0.0.1:" + portA, operatorKey)) {
            List<CheckinCalls.Appliance> fleet = provision(operator);
            CheckinCalls calls = new CheckinCalls(fleet);
            OpenLoopLoad http = new OpenLoopLoad(vertx, "127.0.0.1", portA, false, 256);
            OpenLoopLoad tls = new OpenLoopLoad(vertx, "127.0.0.1", portB, true, 256);
            OpenLoopLoad naive = new OpenLoopLoad(vertx, "127.0.0.1", anchorPort, false, 256);
            say("== warm-up (JIT, pools; not a result) ==");
            int warm = Math.min(5, settings.seconds());
            step(http, "warm-up HTTP", 1000, warm, calls, a);
            step(tls, "warm-up TLS", 1000, warm, calls, b);
            step(naive, "warm-up anchor", 1000, warm, calls, anchor);
            say("== constant arrival rates (" + fleet.size() + " appliances) ==");
            say(HEADER);
            double topAnchor = 0;
            double topTls = 0;
            for (int rate : settings.rates()) {
                ProcessStats sa = new ProcessStats(a.pid());
                pgStats.mark();
                OpenLoopLoad.Result ceiling = await(http.run("SELECT 1 ceiling (GET /health)", rate, settings.seconds(),
                        i -> CheckinCalls.health()));
                row(ceiling, sa);
                topAnchor = step(naive, "naive anchor (1 statement)", rate, settings.seconds(), calls, anchor)
                        .achievedRate();
                step(http, "full check-in, HTTP", rate, settings.seconds(), calls, a);
                topTls = step(tls, "full check-in, TLS 1.3", rate, settings.seconds(), calls, b).achievedRate();
            }
            say(String.format("  full check-in over TLS at the top rate: %.2f x the naive anchor (aim >= 0.5)",
                    topAnchor == 0 ? 0 : topTls / topAnchor));
            await(http.close());
            await(tls.close());
            await(naive.close());
            memory("relay A (HTTP)", a, jvm);
            b = herd(vertx, jvm, dataDir, portB, cert, b, fleet, db);
            twoRelays(vertx, portA, portB, calls, a, b);
            memory("relay A (HTTP)", a, jvm);
            memory("relay B (TLS)", b, jvm);
        } finally {
            db.close();
            processes.close(); // anchor and B, then A, the PostgreSQL's owner, last
            pg.close();
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            cert.delete();
        }
        Path results = workDir.resolveSibling("relay-results.txt");
        Files.write(results, lines);
        out.println("results written to " + results);
        return results;
    }

    private BenchProcess herd(Vertx vertx, List<String> jvm, Path dataDir, int portB, SelfSignedCertificate cert,
                              BenchProcess b, List<CheckinCalls.Appliance> fleet, Pool db) throws IOException {
        say("== thundering herd: " + settings.herd() + " appliances, relay B (TLS) down for "
                + settings.outage().toSeconds() + " s (simulated with the agent's Backoff), restarted cold, then "
                + settings.herdSeconds() + " s; aim p99 <= 25 ms within 60 s ==");
        b.close();
        BenchProcess restarted = relay(jvm, dataDir, portB, cert);
        long before = storedReports(db);
        HerdRun.Result herd = await(new HerdRun(vertx, "127.0.0.1", portB, true, fleet)
                .run(settings.herd(), settings.outage(), settings.herdSeconds()));
        long stored = storedReports(db) - before;
        herd.lines().forEach(this::say);
        say(String.format("  answered 200: %d (the appliances' last seqs advanced by %d in all; not a count of"
                        + " reports: seqs of timed-out attempts count too), 503 shed: %d,"
                        + " errors: %d; appliances through since the restart: %d of %d", herd.ok(), stored, herd.shed(),
                herd.errors(), herd.answeredAppliances(), settings.herd()));
        say("  herd recovered (every later window p99 <= 25 ms, no 503, no error): "
                + (herd.recoveredAfterSeconds() == null ? "not within the run"
                : "from +" + herd.recoveredAfterSeconds() + " s"));
        return restarted;
    }

    private void twoRelays(Vertx vertx, int portA, int portB, CheckinCalls calls, BenchProcess a, BenchProcess b) {
        int rate = settings.rates()[settings.rates().length - 1];
        say("== two relays on one database: " + rate + "/s split over A (HTTP) and B (TLS) ==");
        say(HEADER);
        OpenLoopLoad toA = new OpenLoopLoad(vertx, "127.0.0.1", portA, false, 256);
        OpenLoopLoad toB = new OpenLoopLoad(vertx, "127.0.0.1", portB, true, 256);
        OpenLoopLoad.Call[] batchA = calls.build(rate / 2 * settings.seconds());
        OpenLoopLoad.Call[] batchB = calls.build(rate / 2 * settings.seconds());
        ProcessStats sa = new ProcessStats(a.pid());
        ProcessStats sb = new ProcessStats(b.pid());
        pgStats.mark();
        Future<OpenLoopLoad.Result> ra = toA.run("relay A, HTTP", rate / 2, settings.seconds(), i -> batchA[(int) i]);
        Future<OpenLoopLoad.Result> rb = toB.run("relay B, TLS 1.3", rate / 2, settings.seconds(), i -> batchB[(int) i]);
        row(await(ra), sa);
        row(await(rb), sb);
        say(String.format("  together: %.0f/s", ra.result().achievedRate() + rb.result().achievedRate()));
        await(toA.close());
        await(toB.close());
    }

    private OpenLoopLoad.Result step(OpenLoopLoad load, String label, int rate, int seconds, CheckinCalls calls,
                                     BenchProcess serving) {
        OpenLoopLoad.Call[] batch = calls.build(rate * seconds);
        ProcessStats stats = new ProcessStats(serving.pid());
        pgStats.mark();
        OpenLoopLoad.Result result = await(load.run(label, rate, seconds, i -> batch[(int) i]));
        row(result, stats);
        return result;
    }

    private void row(OpenLoopLoad.Result result, ProcessStats stats) {
        say(String.format("  %s %6.2f %9.1f %7.2f%s", result.row(), stats.cores(), stats.rssMiB(), pgStats.cores(),
                result.firstError() == null ? "" : "  first error: " + result.firstError()));
    }

    private void memory(String name, BenchProcess p, List<String> jvm) {
        ProcessStats stats = new ProcessStats(p.pid());
        say(String.format("  %s resident memory: RSS %.1f MiB, peak %.1f MiB (%s, C2 on; aim RSS <= 128 MiB)", name,
                stats.rssMiB(), stats.peakMiB(), RelayJvm.heap(jvm)));
    }

    private BenchProcess relay(List<String> jvm, Path dataDir, int port, SelfSignedCertificate cert) throws IOException {
        // the simulated fleet comes from one address: lift the per-source cap; a 60 s signature window keeps the
        // replay window's memory bounded at these rates (see the relay's Signatures)
        List<String> args = new ArrayList<>(List.of("--data-dir", dataDir.toString(), "serve", "--port",
                String.valueOf(port), "--max-connections-per-source", "1024", "--header-timeout", "120",
                "--signature-window-seconds", "60"));
        if (cert != null) {
            args.addAll(List.of("--tls-cert", cert.certificatePath(), "--tls-key", cert.privateKeyPath()));
        }
        return processes.add(BenchProcess.start(jvm, RELAY_MAIN, args, "osiris relay listening on",
                Duration.ofMinutes(3)));
    }

    private List<CheckinCalls.Appliance> provision(OperatorClient operator) {
        String site = await(operator.createSite("Relay Bench Dental"));
        SecureRandom random = new SecureRandom();
        List<CheckinCalls.Appliance> fleet = new ArrayList<>();
        for (int i = 0; i < settings.appliances(); i += 50) {
            List<Future<OperatorClient.Provisioned>> batch = new ArrayList<>();
            for (int j = i; j < Math.min(settings.appliances(), i + 50); j++) {
                batch.add(operator.provisionAppliance(site));
            }
            for (Future<OperatorClient.Provisioned> p : batch) {
                fleet.add(new CheckinCalls.Appliance(await(p).apiKey(), ApplianceKey.generate(random)));
            }
        }
        return fleet;
    }

    private static String operatorKey(Path dataDir) throws IOException, InterruptedException {
        Process p = JavaProcess.start(List.of("-XX:+UseSerialGC"), RELAY_MAIN,
                List.of("--data-dir", dataDir.toString(), "operator", "create-key", "--name", "bench"));
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(180, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("relay operator create-key failed: " + output);
        }
        Matcher m = OPERATOR_KEY.matcher(output);
        if (!m.find()) {
            throw new IllegalStateException("no operator key in: " + output);
        }
        return m.group(1);
    }

    /**
     * The sum of the appliances' last seqs: it moves with every report committed to their current state (the
     * history's row count no longer does: the history takes a report only when the appliance's state changed, V18),
     * and also with the seqs of attempts the generator gave up on, so it bounds the reports stored from above only.
     */
    private static long storedReports(Pool db) {
        return await(db.query("SELECT coalesce(sum(last_seq), 0) FROM appliances").execute()).iterator().next()
                .getLong(0);
    }

    private void say(String line) {
        lines.add(line);
        out.println(line);
        out.flush();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static <T> T await(Future<T> future) {
        return dev.osiris.lab.Await.result(future, Duration.ofMinutes(10));
    }
}
