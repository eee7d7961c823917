package dev.osiris.agent.drift;

import dev.osiris.agent.heal.HealResult;
import dev.osiris.protocol.runbook.Verdict;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One host's scan: the verdict per runbook (empty when the host could not be reached), what healing did, and
 * how long detection took.
 *
 * @param error why the host could not be scanned, or null
 */
public record HostScan(String targetId, String host, Instant at, Map<String, Verdict> verdicts, List<HealResult> heals,
                       Duration detectDuration, Duration totalDuration, String error) {

    public HostScan {
        verdicts = Map.copyOf(verdicts);
        heals = List.copyOf(heals);
    }

    public boolean reached() {
        return error == null;
    }

    public long count(Verdict.Status status) {
        return verdicts.values().stream().filter(v -> v.status() == status).count();
    }
}
