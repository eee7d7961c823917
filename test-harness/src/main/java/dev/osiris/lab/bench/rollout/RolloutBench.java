package dev.osiris.lab.bench.rollout;

import dev.osiris.lab.WorkDirs;
import dev.osiris.protocol.Api;
import dev.osiris.protocol.RequestSignature;
import dev.osiris.protocol.evidence.ApplianceKey;
import dev.osiris.protocol.json.Json;
import dev.osiris.protocol.release.SignedManifest;
import dev.osiris.relay.app.Relay;
import dev.osiris.relay.app.RelayAdmin;
import dev.osiris.relay.app.RelayConfig;
import dev.osiris.relay.release.ReleaseKey;
import dev.osiris.relay.release.Releases;
import dev.osiris.relay.rollout.GroupPolicy;
import dev.osiris.relay.rollout.GroupSize;
import dev.osiris.relay.rollout.RolloutSpec;
import dev.osiris.relay.rollout.RolloutTargets;
import dev.osiris.relay.rollout.RolloutView;
import dev.osiris.relay.store.Tenant;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.sqlclient.Row;
import org.HdrHistogram.Histogram;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code ./osiris bench rollout}: a rollout to N simulated appliances that check in every {@code interval} (the
 * field's 60 s, compressed; the relay's logic is the same), 4 groups, a share of failures injected in group 3. It
 * prints the time each group took, the time from the error threshold being crossed to the rollout pausing (both
 * from the database's clock), and the cost per check-in (this JVM's CPU, which holds the relay and the load
 * generator, and PostgreSQL's) with the rollout active beside a baseline without one, in the same run.
 */
public final class RolloutBench {

    /** @param failPercent share of group 3's appliances whose update rolls back */
    public record Settings(int appliances, Duration interval, int baselineSeconds, int maxSeconds, int failPercent,
                           int errorPercent) {
    }

    /** What a run found, for the smoke test. */
    public record Result(String status, int pausedAtGroup, long checkins, double baselineCpuMsPerCheckin,
                         double rolloutCpuMsPerCheckin, double thresholdToPauseMs) {
    }

    private final Path workDir;
    private final PrintStream out;
    private final Settings settings;

    public RolloutBench(Path workDir, PrintStream out, Settings settings) {
        this.workDir = workDir;
        this.out = out;
        this.settings = settings;
    }

    public Result run() throws Exception {
        WorkDirs.fresh(workDir);
        Path dataDir = workDir.resolve("relay");
        ApplianceKey releaseKey = ApplianceKey.generate(new SecureRandom());
        ReleaseKey.trust(dataDir, releaseKey.publicKey().base64());
        say("osiris bench rollout, " + Instant.now() + ", " + Runtime.getRuntime().availableProcessors() + " cores; "
                + settings.appliances() + " appliances checking in every " + settings.interval().toMillis() + " ms ("
                + (settings.appliances() * 1000L / settings.interval().toMillis()) + " check-ins/s); relay and load"
                + " generator in this JVM");
        Vertx relayVertx = Vertx.vertx();
        Vertx loadVertx = Vertx.vertx();
        Relay relay = await(Relay.start(relayVertx, RelayConfig.defaults(dataDir)));
        try {
            return measure(relay, loadVertx, releaseKey, dataDir);
        } finally {
            await(loadVertx.close());
            await(relay.close());
            await(relayVertx.close());
        }
    }

    private Result measure(Relay relay, Vertx loadVertx, ApplianceKey releaseKey, Path dataDir) throws Exception {
        RelayAdmin admin = relay.admin();
        List<SimAppliance> fleet = provision(admin);
        Path image = Files.write(workDir.resolve("release.img"), new byte[4096]);
        SignedManifest signed = SignedManifest.sign(releaseKey, new SignedManifest.Manifest("2.0.0", 4096,
                Releases.sha256(image), false));
        Path manifest = Files.write(workDir.resolve("release.manifest.json"), Json.bytes(signed.toJson()));
        await(admin.releases().addImage("2.0.0", image, manifest, "bench"));

        Load load = new Load(loadVertx, relay.port(), fleet, settings.interval());
        load.start();
        // warm-up, not measured: every appliance pins its key, the JIT compiles the check-in path
        sleep(Math.max(10_000, settings.interval().toMillis() * 2));
        Cost baseline = load.cost(dataDir, () -> sleep(settings.baselineSeconds() * 1000L));
        say(String.format("without a rollout: %d check-ins in %d s, %.3f ms CPU per check-in (relay+load JVM %.3f,"
                        + " PostgreSQL %.3f), p50 %.1f ms, p99 %.1f ms", baseline.checkins, settings.baselineSeconds(),
                baseline.cpuMs(), baseline.jvmMs(), baseline.pgMs(), baseline.p50, baseline.p99));

        List<RolloutSpec.Group> groups = List.of("1%", "10%", "30%", "rest").stream().map(s -> new RolloutSpec.Group(
                GroupSize.parse(s), new GroupPolicy(95, settings.errorPercent(), Duration.ZERO))).toList();
        RolloutView created = await(admin.rollouts().create(Tenant.ANY, new RolloutSpec("2.0.0", RolloutTargets.all(),
                groups, Duration.ofHours(1)), "bench"));
        Set<String> third = new HashSet<>();
        for (Row r : await(admin.sql("SELECT appliance_id FROM rollout_targets WHERE rollout_id = '" + created.id()
                + "' AND position = 3 ORDER BY appliance_id"))) {
            third.add(r.getString(0));
        }
        int step = Math.max(1, 100 / Math.max(1, settings.failPercent()));
        int[] k = {0};
        fleet.stream().filter(a -> third.contains(a.id)).forEach(a -> a.fails = k[0]++ % step == 0);
        say("rollout " + created.id() + ": groups of " + created.groups().stream().map(g -> String.valueOf(g.total()))
                .toList() + ", success 95%, error " + settings.errorPercent() + "%, " + fleet.stream()
                .filter(a -> a.fails).count() + " injected failures in group 3");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(settings.maxSeconds());
        RolloutView[] last = {created};
        Cost during = load.cost(dataDir, () -> {
            while (System.nanoTime() < deadline) {
                last[0] = await(admin.rollouts().show(Tenant.ANY, created.id()));
                if (!last[0].status().equals("running")) {
                    return;
                }
                sleep(200);
            }
        });
        RolloutView end = last[0];
        // the same fleet again without an active rollout, now that the JIT is as warm as during the rollout
        await(admin.rollouts().abort(Tenant.ANY, created.id(), "bench"));
        Cost after = load.cost(dataDir, () -> sleep(settings.baselineSeconds() * 1000L));
        load.stop();
        say(String.format("with the rollout active: %d check-ins, %.3f ms CPU per check-in (relay+load JVM %.3f,"
                        + " PostgreSQL %.3f), p50 %.1f ms, p99 %.1f ms: %+.1f%% CPU per check-in over the baseline",
                during.checkins, during.cpuMs(), during.jvmMs(), during.pgMs(), during.p50, during.p99,
                (during.cpuMs() / baseline.cpuMs() - 1) * 100));
        say(String.format("without a rollout again (aborted, JIT warm): %d check-ins in %d s, %.3f ms CPU per check-in"
                        + " (relay+load JVM %.3f, PostgreSQL %.3f), p50 %.1f ms, p99 %.1f ms: the rollout added %+.1f%%",
                after.checkins, settings.baselineSeconds(), after.cpuMs(), after.jvmMs(), after.pgMs(), after.p50,
                after.p99, (during.cpuMs() / after.cpuMs() - 1) * 100));
        for (RolloutView.Group g : end.groups()) {
            String took = g.startedAt().isPresent() && g.doneAt().isPresent()
                    ? Duration.between(g.startedAt().get(), g.doneAt().get()).toMillis() + " ms" : "-";
            say(String.format("  group %d: %-9s %5d appliances, %5d committed, %4d failed, took %s", g.position(),
                    g.status().wire(), g.total(), g.committed(), g.failed(), took));
        }
        double toPause = thresholdToPause(admin, created.id());
        int pausedAt = end.groups().stream().filter(g -> g.status().wire().equals("running")).mapToInt(
                RolloutView.Group::position).findFirst().orElse(0);
        say("rollout " + end.status() + (end.reason().isEmpty() ? "" : ": " + end.reason()));
        say(toPause < 0 ? "the error threshold was not crossed" : String.format("error threshold crossed to rollout"
                + " paused: %.0f ms (one check-in interval is %d ms)", toPause, settings.interval().toMillis()));
        return new Result(end.status(), pausedAt, baseline.checkins + during.checkins + after.checkins,
                after.cpuMs(), during.cpuMs(), toPause);
    }

    /**
     * From the database's clock: the moment the failure that reached the error threshold was counted, to the pause
     * event; -1 when the rollout did not pause.
     */
    private static double thresholdToPause(RelayAdmin admin, String rolloutId) {
        var rows = await(admin.sql("""
                WITH g AS (
                    SELECT t.position, count(*) FILTER (WHERE t.state <> 'skipped') AS total, max(gr.error_threshold) AS err
                    FROM rollout_targets t JOIN rollout_groups gr USING (rollout_id, position)
                    WHERE t.rollout_id = '%1$s' GROUP BY t.position
                ), f AS (
                    SELECT t.position, t.settled_at, row_number() OVER (PARTITION BY t.position ORDER BY t.settled_at) AS n
                    FROM rollout_targets t WHERE t.rollout_id = '%1$s' AND t.state IN ('failed', 'rolled-back', 'timed-out')
                ), crossed AS (
                    SELECT min(f.settled_at) AS at FROM f JOIN g USING (position) WHERE f.n * 100 >= g.err * g.total
                )
                SELECT extract(epoch FROM (SELECT min(at) FROM rollout_events WHERE rollout_id = '%1$s'
                    AND kind = 'paused') - crossed.at) * 1000 AS ms FROM crossed
                """.formatted(rolloutId)));
        Object ms = rows.iterator().next().getValue("ms");
        return ms == null ? -1 : ((Number) ms).doubleValue();
    }

    private List<SimAppliance> provision(RelayAdmin admin) {
        long started = System.nanoTime();
        List<String> sites = new ArrayList<>();
        int perSite = 100;
        for (int i = 0; i < (settings.appliances() + perSite - 1) / perSite; i++) {
            sites.add(await(admin.createSite("Bench office " + i)));
        }
        List<SimAppliance> fleet = new ArrayList<>(settings.appliances());
        SecureRandom random = new SecureRandom();
        for (int from = 0; from < settings.appliances(); from += 50) {
            List<Future<RelayAdmin.Provisioned>> batch = new ArrayList<>();
            for (int i = from; i < Math.min(settings.appliances(), from + 50); i++) {
                batch.add(admin.provisionAppliance(sites.get(i / perSite)));
            }
            await(Future.all(batch));
            batch.forEach(p -> fleet.add(new SimAppliance(p.result().applianceId(), p.result().apiKey(),
                    ApplianceKey.generate(random))));
        }
        say("provisioned " + fleet.size() + " appliances at " + sites.size() + " sites in "
                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) + " ms");
        return fleet;
    }

    /** CPU and latency over one measured interval. */
    private record Cost(long checkins, double jvmCpuSeconds, double pgCpuSeconds, double p50, double p99) {
        double jvmMs() {
            return checkins == 0 ? 0 : jvmCpuSeconds * 1000 / checkins;
        }

        double pgMs() {
            return checkins == 0 ? 0 : pgCpuSeconds * 1000 / checkins;
        }

        double cpuMs() {
            return jvmMs() + pgMs();
        }
    }

    /**
     * The fleet's check-ins: each appliance at its own phase of the interval, never two of one appliance at once
     * (as an agent waits for its answer), over one event loop with keep-alive connections.
     */
    private static final class Load {
        private final Vertx vertx;
        private final HttpClient client;
        private final List<SimAppliance> fleet;
        private final Duration interval;
        private final AtomicLong done = new AtomicLong();
        private final Histogram latency = new Histogram(TimeUnit.SECONDS.toMicros(30), 3);
        private long timer;
        private long startedAt;

        Load(Vertx vertx, int port, List<SimAppliance> fleet, Duration interval) {
            this.vertx = vertx;
            this.fleet = fleet;
            this.interval = interval;
            this.client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port)
                    .setKeepAlive(true).setConnectTimeout(5_000).setIdleTimeout(60), new PoolOptions().setHttp1MaxSize(64));
        }

        void start() {
            startedAt = System.nanoTime();
            long[] round = {0};
            timer = vertx.setPeriodic(10, id -> {
                long elapsed = System.nanoTime() - startedAt;
                long due = elapsed * fleet.size() / interval.toNanos();
                for (; round[0] < due; round[0]++) {
                    send(fleet.get((int) (round[0] % fleet.size())));
                }
            });
        }

        void stop() {
            vertx.cancelTimer(timer);
        }

        private void send(SimAppliance a) {
            if (a.inFlight) {
                return;
            }
            a.inFlight = true;
            byte[] body = Json.bytes(a.next().toJson());
            RequestSignature.Headers sig = RequestSignature.sign(a.key, "POST", Api.CHECKIN, Instant.now(), body);
            long sent = System.nanoTime();
            client.request(new RequestOptions().setMethod(HttpMethod.POST).setURI(Api.CHECKIN).setTimeout(30_000)
                            .putHeader(Api.API_KEY_HEADER, a.apiKey).putHeader(Api.SIGNATURE_HEADER, sig.signature())
                            .putHeader(Api.TIMESTAMP_HEADER, sig.timestamp())
                            .putHeader("Content-Type", "application/json"))
                    .compose(request -> request.send(Buffer.buffer(body)))
                    .compose(response -> response.body().map(b -> {
                        if (response.statusCode() == 200) {
                            a.answered(Json.parseObject(b.getBytes()));
                            done.incrementAndGet();
                            synchronized (latency) {
                                latency.recordValue(Math.min(latency.getHighestTrackableValue(),
                                        TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - sent)));
                            }
                        }
                        return null;
                    }))
                    .onComplete(ar -> a.inFlight = false);
        }

        Cost cost(Path dataDir, Runnable during) throws Exception {
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            PgCpu pg = new PgCpu(dataDir.resolve("pg"));
            synchronized (latency) {
                latency.reset();
            }
            long before = done.get();
            long cpu = os.getProcessCpuTime();
            double pgBefore = pg.seconds();
            during.run();
            double jvm = (os.getProcessCpuTime() - cpu) / 1e9;
            double pgUsed = pg.seconds() - pgBefore;
            synchronized (latency) {
                return new Cost(done.get() - before, jvm, pgUsed, latency.getValueAtPercentile(50) / 1000.0,
                        latency.getValueAtPercentile(99) / 1000.0);
            }
        }
    }

    private void say(String line) {
        out.println(line);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms); // the measured interval's length, not a synchronisation
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
        } catch (Exception e) {
            throw new IllegalStateException(e.getCause() != null ? e.getCause() : e);
        }
    }
}
