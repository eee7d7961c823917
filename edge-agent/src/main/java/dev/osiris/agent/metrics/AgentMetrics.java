package dev.osiris.agent.metrics;

import dev.osiris.agent.drift.HostScan;
import dev.osiris.agent.heal.HealResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The agent's Prometheus metrics: scan durations (hosts reached or not), heal outcomes by tier, and gauges read from
 * the agent's latest published snapshot (link state, outbox depth, evidence head and what the relay holds of it,
 * targets reachable, the clock's offset), with the JVM's memory and the process's resident size. Names and tags
 * carry states, outcomes and tiers only: never a host, a credential, a key or an id.
 *
 * @param <S> the snapshot type the gauges read ({@code AgentStatus}); null before the first one
 */
public final class AgentMetrics<S> {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Supplier<S> snapshot;
    private final Timer scansReached;
    private final Timer scansUnreachable;

    public AgentMetrics(Supplier<S> snapshot) {
        this.snapshot = snapshot;
        this.scansReached = scanTimer("reached");
        this.scansUnreachable = scanTimer("unreachable");
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        Gauge.builder("osiris_agent_process_resident_memory_bytes", AgentMetrics::residentBytes)
                .description("resident set size of the agent process (VmRSS)").register(registry);
    }

    private Timer scanTimer(String result) {
        return Timer.builder("osiris_agent_scan_duration").description("one host's scan, detection and healing")
                .tag("result", result).publishPercentileHistogram().register(registry);
    }

    /**
     * A gauge of the latest snapshot; NaN before there is one.
     *
     * @param name Prometheus name, {@code osiris_agent_...}
     */
    public AgentMetrics<S> gauge(String name, String description, ToDoubleFunction<S> value) {
        Gauge.builder(name, snapshot, s -> {
            S now = s.get();
            return now == null ? Double.NaN : value.applyAsDouble(now);
        }).description(description).register(registry);
        return this;
    }

    /** As {@link #gauge}, one series per value of {@code state}: 1 for the snapshot's, 0 for the others. */
    public <E extends Enum<E>> AgentMetrics<S> stateGauge(String name, String description, Class<E> states,
                                                          java.util.function.Function<S, E> state,
                                                          java.util.function.Function<E, String> label) {
        for (E e : states.getEnumConstants()) {
            Gauge.builder(name, snapshot, s -> {
                S now = s.get();
                return now == null ? Double.NaN : state.apply(now) == e ? 1 : 0;
            }).description(description).tag("state", label.apply(e)).register(registry);
        }
        return this;
    }

    /** Counts one finished host scan: its duration, and each drift's outcome with the tier that acted. */
    public void scanned(HostScan scan) {
        (scan.reached() ? scansReached : scansUnreachable).record(scan.totalDuration());
        for (HealResult heal : scan.heals()) {
            Counter.builder("osiris_agent_heals").description("drifts ended, by outcome and by the tier that acted")
                    .tag("outcome", heal.outcome().name().toLowerCase(Locale.ROOT).replace('_', '-'))
                    .tag("tier", heal.tier() == null ? "none" : heal.tier().name())
                    .register(registry).increment();
        }
    }

    /** The Prometheus text exposition of every metric. */
    public String scrape() {
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
