package dev.osiris.agent.metrics;

import dev.osiris.agent.drift.HostScan;
import dev.osiris.agent.heal.HealPlan;
import dev.osiris.agent.heal.HealResult;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class AgentMetricsTest {

    private static HostScan scan(String error, HealResult... heals) {
        return new HostScan("cred-1", "dc01.clinic.local", Instant.EPOCH, Map.of(), List.of(heals), Duration.ofMillis(400),
                Duration.ofMillis(1500), error);
    }

    @Test
    void healsAreCountedByOutcomeAndTierAndScansTimedByWhetherTheHostWasReached() {
        AgentMetrics<Object> metrics = new AgentMetrics<>(() -> null);
        metrics.scanned(scan(null,
                new HealResult("RB-WIN-FIREWALL-001", HealResult.Outcome.HEALED, HealPlan.Tier.L1, null),
                new HealResult("RB-WIN-AUDIT-001", HealResult.Outcome.HEALED, HealPlan.Tier.L1, null),
                new HealResult("RB-WIN-CERT-001", HealResult.Outcome.ESCALATED, HealPlan.Tier.L3, null),
                new HealResult("RB-WIN-DNS-001", HealResult.Outcome.DRY_RUN, null, null)));
        metrics.scanned(scan("connection refused"));
        String text = metrics.scrape();
        assertThat(text).contains("osiris_agent_heals_total{outcome=\"healed\",tier=\"L1\"} 2.0")
                .contains("osiris_agent_heals_total{outcome=\"escalated\",tier=\"L3\"} 1.0")
                .contains("osiris_agent_heals_total{outcome=\"dry-run\",tier=\"none\"} 1.0")
                .contains("osiris_agent_scan_duration_seconds_count{result=\"reached\"} 1")
                .contains("osiris_agent_scan_duration_seconds_count{result=\"unreachable\"} 1")
                .contains("osiris_agent_scan_duration_seconds_sum{result=\"reached\"} 1.5")
                .as("no host, runbook or error text in a metric").doesNotContain("dc01").doesNotContain("RB-WIN")
                .doesNotContain("refused");
    }

    enum Light { RED, GREEN }

    @Test
    void gaugesReadTheLatestSnapshotAndAreNaNBeforeThereIsOne() {
        AtomicReference<Light> now = new AtomicReference<>();
        AgentMetrics<Light> metrics = new AgentMetrics<>(now::get)
                .gauge("osiris_agent_test_ordinal", "test", l -> l.ordinal())
                .stateGauge("osiris_agent_test_state", "test", Light.class, l -> l, l -> l.name().toLowerCase());
        assertThat(metrics.scrape()).contains("osiris_agent_test_ordinal NaN");
        now.set(Light.GREEN);
        assertThat(metrics.scrape()).contains("osiris_agent_test_ordinal 1.0")
                .contains("osiris_agent_test_state{state=\"green\"} 1.0")
                .contains("osiris_agent_test_state{state=\"red\"} 0.0");
    }
}
