package dev.osiris.lab.bench.healing;

import dev.osiris.agent.drift.HostScan;
import dev.osiris.agent.heal.HealResult;
import dev.osiris.agent.remote.ScriptResult;
import dev.osiris.lab.runbooks.Attack;
import dev.osiris.protocol.checkin.Target;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Drift to verified heal on sample hosts, one host at a time: a chaos attack over WinRM, then
 * {@code scanNow(host)}. From that scan's {@link HostScan}: detect time (open shell + batched detect), and scan
 * start to the HEALED result (the healer returns HEALED only after the verification is evidenced); heal time is
 * the difference (evidence of the detection, remediate, verify and their evidence).
 */
final class DriftHeal {

    /** One sample: what the scan found and did, and the requests the host received for that scan. */
    record Sample(Target target, HostScan scan, long requests, String failure) {
        boolean healed(String runbookId) {
            return failure == null && scan.heals().stream()
                    .anyMatch(h -> h.runbookId().equals(runbookId) && h.outcome() == HealResult.Outcome.HEALED);
        }

        String outcome(String runbookId) {
            if (failure != null) {
                return failure;
            }
            return scan.heals().stream().filter(h -> h.runbookId().equals(runbookId)).findFirst()
                    .map(h -> h.outcome() + " (" + h.reason().wire() + ")")
                    .orElse("not healed: " + scan.verdicts().get(runbookId));
        }
    }

    private DriftHeal() {
    }

    /** Samples spread evenly over the targets (every preset is hit when there are enough of them). */
    static List<Target> spread(List<Target> targets, int samples) {
        int m = Math.min(samples, targets.size());
        List<Target> picked = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            picked.add(targets.get((int) ((long) i * targets.size() / m)));
        }
        return picked;
    }

    static List<Sample> run(BenchAgent agent, FleetJvm fleet, List<Target> hosts, Attack attack) throws Exception {
        List<Sample> samples = new ArrayList<>();
        for (Target t : hosts) {
            ScriptResult injected = agent.attack(t, attack);
            if (injected.exitCode() != 0) {
                samples.add(new Sample(t, null, 0, "attack exited " + injected.exitCode() + ": " + injected.stderr().strip()));
                continue;
            }
            int index = hostIndex(fleet, t);
            long before = fleet.requests()[index];
            HostScan scan = agent.scanNow(t.id(), Duration.ofMinutes(5));
            long requests = fleet.requests()[index] - before;
            samples.add(new Sample(t, scan, requests, scan.reached() ? null : "unreached: " + scan.error()));
        }
        return samples;
    }

    private static int hostIndex(FleetJvm fleet, Target t) {
        return fleet.hosts().stream().filter(h -> h.address().equals(t.host()) && h.port() == t.port()).findFirst()
                .orElseThrow().index();
    }

    static Spread detect(List<Sample> samples, String runbookId) {
        return Spread.of(healedOnly(samples, runbookId).stream().map(s -> s.scan().detectDuration()).toList());
    }

    static Spread heal(List<Sample> samples, String runbookId) {
        return Spread.of(healedOnly(samples, runbookId).stream()
                .map(s -> s.scan().totalDuration().minus(s.scan().detectDuration())).toList());
    }

    static Spread driftToHeal(List<Sample> samples, String runbookId) {
        return Spread.of(healedOnly(samples, runbookId).stream().map(s -> s.scan().totalDuration()).toList());
    }

    private static List<Sample> healedOnly(List<Sample> samples, String runbookId) {
        return samples.stream().filter(s -> s.healed(runbookId)).toList();
    }
}
