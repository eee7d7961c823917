package dev.osiris.lab.bench.healing;

import dev.osiris.agent.drift.HostScan;
import dev.osiris.agent.heal.HealResult;
import dev.osiris.protocol.checkin.Target;
import dev.osiris.protocol.runbook.Verdict;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * One full scan of a fleet: {@code scanAllNow()} over every host, timed from the call to the last host's result,
 * with the WS-Management requests each host received meanwhile.
 *
 * @param requestsPerHost requests each host's emulator received during the scan, in host order
 */
record FullScan(int hosts, Duration wall, List<HostScan> scans, long[] requestsPerHost, int runbooks,
                Duration agentCpu, Duration fleetCpu) {

    /** Runs it: the targets must already be known to the agent. */
    static FullScan run(BenchAgent agent, FleetJvm fleet, List<Target> targets, int runbooks) throws Exception {
        long[] before = fleet.requests();
        Duration agentCpu = HealingBench.agentCpu();
        Duration fleetCpu = fleet.cpuTime();
        long start = System.nanoTime();
        List<HostScan> scans = agent.scanAllNow(Duration.ofMinutes(30));
        Duration wall = Duration.ofNanos(System.nanoTime() - start);
        long[] after = fleet.requests();
        long[] delta = new long[after.length];
        Arrays.setAll(delta, i -> after[i] - before[i]);
        return new FullScan(targets.size(), wall, scans, delta, runbooks, HealingBench.agentCpu().minus(agentCpu),
                fleet.cpuTime().minus(fleetCpu));
    }

    /** Reached, and a verdict for every enabled runbook. */
    long scanned() {
        return scans.stream().filter(s -> s.reached() && s.verdicts().size() == runbooks).count();
    }

    Spread detect() {
        return Spread.of(scans.stream().filter(HostScan::reached).map(HostScan::detectDuration).toList());
    }

    double hostsPerSecond() {
        return hosts / (wall.toNanos() / 1e9);
    }

    long count(Verdict.Status status) {
        return scans.stream().mapToLong(s -> s.count(status)).sum();
    }

    long healed() {
        return scans.stream().flatMap(s -> s.heals().stream()).filter(h -> h.outcome() == HealResult.Outcome.HEALED).count();
    }

    long otherHealOutcomes() {
        return scans.stream().mapToLong(s -> s.heals().size()).sum() - healed();
    }

    long medianRequests() {
        long[] sorted = requestsPerHost.clone();
        Arrays.sort(sorted);
        return sorted.length == 0 ? 0 : sorted[(sorted.length - 1) / 2];
    }

    long minRequests() {
        return Arrays.stream(requestsPerHost).min().orElse(0);
    }

    long maxRequests() {
        return Arrays.stream(requestsPerHost).max().orElse(0);
    }

    /** The first unreached host's error, or the first non-compliant verdict, for the reader; null when clean. */
    String firstProblem() {
        for (HostScan s : scans) {
            if (!s.reached()) {
                return s.host() + " unreached: " + s.error();
            }
        }
        for (HostScan s : scans) {
            for (var e : s.verdicts().entrySet()) {
                Verdict.Status st = e.getValue().status();
                if (st == Verdict.Status.DRIFTED || st == Verdict.Status.ERROR) {
                    return s.host() + " " + e.getKey() + " " + st + ": " + e.getValue().summary();
                }
            }
        }
        return null;
    }
}
