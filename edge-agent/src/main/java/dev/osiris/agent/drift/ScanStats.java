package dev.osiris.agent.drift;

import dev.osiris.agent.heal.HealResult;
import dev.osiris.protocol.checkin.ScanSummary;
import dev.osiris.protocol.runbook.Verdict;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The latest scan of each target and running totals of heals and escalations, for status and the check-in's
 * {@link ScanSummary}. Touched on the agent's event loop only.
 */
public final class ScanStats {

    private final Map<String, HostScan> latest = new LinkedHashMap<>();
    private int healed;
    private int escalated;
    private Instant lastScanAt;

    public void add(HostScan scan) {
        latest.put(scan.targetId(), scan);
        lastScanAt = scan.at();
        for (HealResult h : scan.heals()) {
            healed += h.outcome() == HealResult.Outcome.HEALED ? 1 : 0;
            escalated += h.outcome() == HealResult.Outcome.ESCALATED ? 1 : 0;
        }
    }

    /** Forgets targets that are no longer configured. */
    public void retain(Set<String> targetIds) {
        latest.keySet().retainAll(targetIds);
    }

    public List<HostScan> latest() {
        return List.copyOf(latest.values());
    }

    public ScanSummary summary() {
        int scanned = 0;
        int unreachable = 0;
        int checks = 0;
        int drifted = 0;
        for (HostScan s : latest.values()) {
            if (!s.reached()) {
                unreachable++;
                continue;
            }
            scanned++;
            checks += s.verdicts().size();
            long healedHere = s.heals().stream().filter(h -> h.outcome() == HealResult.Outcome.HEALED).count();
            drifted += (int) Math.max(0, s.count(Verdict.Status.DRIFTED) - healedHere);
        }
        return new ScanSummary(scanned, unreachable, checks, drifted, healed, escalated, lastScanAt);
    }
}
