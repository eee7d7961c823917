package dev.osiris.relay.app;

import dev.osiris.relay.api.ApiMeters;
import dev.osiris.relay.store.GroupCommit;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.backends.BackendRegistries;
import io.vertx.sqlclient.Pool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * The relay's Prometheus metrics: Vert.x's own (HTTP server requests by route and status with their times, the
 * database pool's size, in use and wait) when the Vert.x instance was built by {@link #vertx}, plus the relay's:
 * check-ins by status with a latency histogram, the ones shed at the in-flight bound, check-ins in flight and
 * waiting for a commit, commit batches, evidence records stored, the alert outbox depth, and this process's JVM
 * and resident memory. Tags carry routes and statuses only: never an id, a key or a host credential.
 */
final class RelayMetrics implements ApiMeters {

    private static final Duration OUTBOX_REFRESH = Duration.ofSeconds(10);

    private final PrometheusMeterRegistry registry;
    private final ConcurrentHashMap<Integer, Timer> checkins = new ConcurrentHashMap<>();
    private final Counter evidence;
    private final AtomicLong outboxDepth = new AtomicLong(-1);
    private long outboxTimer = -1;
    // Micrometer keeps a function counter's object weakly: these hold them as long as the metrics live
    private LongSupplier shed;
    private GroupCommit commits;

    private RelayMetrics(PrometheusMeterRegistry registry) {
        this.registry = registry;
        this.evidence = Counter.builder("osiris_evidence_records_stored").description("evidence records stored")
                .register(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        Gauge.builder("osiris_process_resident_memory_bytes", RelayMetrics::residentBytes)
                .description("resident set size of the relay process (VmRSS)").register(registry);
    }

    /** A Vert.x whose HTTP servers and SQL pools report into {@code registry}. */
    static Vertx vertx(PrometheusMeterRegistry registry) {
        MicrometerMetricsOptions options = new MicrometerMetricsOptions().setEnabled(true)
                .setLabels(EnumSet.of(Label.HTTP_ROUTE, Label.HTTP_METHOD, Label.HTTP_CODE, Label.POOL_TYPE,
                        Label.POOL_NAME));
        return Vertx.builder().with(new VertxOptions().setMetricsOptions(options))
                .withMetrics(new MicrometerMetricsFactory(registry)).build();
    }

    static PrometheusMeterRegistry newRegistry() {
        return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }

    /** The registry Vert.x reports into, if it was built by {@link #vertx}; else one of the relay's own. */
    static RelayMetrics of() {
        MeterRegistry vertxRegistry = BackendRegistries.getDefaultNow();
        return new RelayMetrics(vertxRegistry instanceof PrometheusMeterRegistry p ? p : newRegistry());
    }

    void bind(Vertx vertx, IntSupplier inFlight, LongSupplier shed, GroupCommit commits, Pool pool) {
        this.shed = shed;
        this.commits = commits;
        Gauge.builder("osiris_checkins_in_flight", inFlight::getAsInt)
                .description("check-ins being worked on (bounded; past it 503)").register(registry);
        FunctionCounter.builder("osiris_checkins_shed", shed, LongSupplier::getAsLong)
                .description("check-ins refused 503 with Retry-After at the in-flight bound").register(registry);
        Gauge.builder("osiris_checkins_waiting_for_commit", commits::waiting)
                .description("check-ins waiting for a commit slot").register(registry);
        FunctionCounter.builder("osiris_checkin_commits", commits, c -> c.counts()[0])
                .description("check-in transactions committed (each holds a batch)").register(registry);
        FunctionCounter.builder("osiris_checkins_committed", commits, c -> c.counts()[1])
                .description("check-ins committed").register(registry);
        Gauge.builder("osiris_alert_outbox_depth", outboxDepth::get)
                .description("alerts not sent yet (refreshed every 10 s; -1 before the first count)")
                .register(registry);
        outboxTimer = vertx.setPeriodic(1, OUTBOX_REFRESH.toMillis(), id -> pool
                .query("SELECT count(*) FROM alerts WHERE sent_at IS NULL").execute()
                .timeout(5, TimeUnit.SECONDS)
                .onSuccess(rows -> outboxDepth.set(rows.iterator().next().getLong(0))));
    }

    void stop(Vertx vertx) {
        if (outboxTimer >= 0) {
            vertx.cancelTimer(outboxTimer);
        }
    }

    @Override
    public void checkin(int status, long nanos) {
        checkins.computeIfAbsent(status, s -> Timer.builder("osiris_checkin")
                .description("check-ins by answer status, from request head to answer")
                .tag("status", String.valueOf(s))
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void evidenceStored(int records) {
        evidence.increment(records);
    }

    /** The Prometheus text exposition of every meter. */
    String scrape() {
        return registry.scrape();
    }

    private static double residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.substring(6).replace("kB", "").trim()) * 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }
}
