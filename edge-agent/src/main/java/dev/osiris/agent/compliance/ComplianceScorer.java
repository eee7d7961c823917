package dev.osiris.agent.compliance;

import dev.osiris.protocol.checkin.TargetTransport;
import dev.osiris.protocol.runbook.Framework;
import dev.osiris.protocol.runbook.Runbook;
import dev.osiris.protocol.runbook.RunbookCatalog;
import dev.osiris.protocol.runbook.Verdict;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Scores every framework's controls from the latest verdict per (host, runbook). A control is evidenced by the
 * enabled runbooks that list it; each of them needs a verdict from every monitored host of its platform.
 * <ul>
 *   <li>FAILING when any of those verdicts is DRIFTED;</li>
 *   <li>otherwise UNKNOWN when one is missing or ERROR, or when all are NOT_APPLICABLE (or no host needs them);</li>
 *   <li>otherwise PASSING (NOT_APPLICABLE verdicts neither pass nor fail).</li>
 * </ul>
 * Of two checks for one (host, runbook) the later {@code at} wins, on a tie the one later in the collection.
 * Controls evidenced only by disabled runbooks are not scored: the site chose not to monitor them. Checks from hosts
 * that are not in the inventory, of runbooks that are not enabled or not in the catalog, are ignored.
 *
 * <p>Besides the runbooks, each target's transport evidences every framework's transmission-security controls
 * ({@link TransportControls}) as the check {@value TransportControls#CHECK}: a target used in clear text because its
 * risk was accepted drifts, one refused as cleartext is unknown (it is not reached at all), any other passes.
 * Plain Java.
 */
public final class ComplianceScorer {

    private final RunbookCatalog catalog;
    private final Clock clock;

    public ComplianceScorer(RunbookCatalog catalog, Clock clock) {
        this.catalog = catalog;
        this.clock = clock;
    }

    public ComplianceScore score(Collection<ScoredHost> hosts, Set<String> enabledRunbooks,
                                 Collection<LatestCheck> checks) {
        return score(hosts, enabledRunbooks, checks, List.of());
    }

    /** The score with the transport check of each target (none: no transmission-security controls from it). */
    public ComplianceScore score(Collection<ScoredHost> hosts, Set<String> enabledRunbooks,
                                 Collection<LatestCheck> checks, Collection<TargetTransport> transports) {
        Map<String, Map<String, LatestCheck>> latest = latestByRunbookAndHost(checks);
        Map<String, Outcome> outcomes = new HashMap<>();
        List<Runbook> enabled = catalog.all().stream().filter(r -> enabledRunbooks.contains(r.id())).toList();
        for (Runbook runbook : enabled) {
            outcomes.put(runbook.id(), outcome(runbook, hosts, latest.getOrDefault(runbook.id(), Map.of())));
        }
        if (!transports.isEmpty()) {
            outcomes.put(TransportControls.CHECK, transportOutcome(transports));
        }
        List<FrameworkResult> frameworks = new ArrayList<>();
        for (Framework framework : Framework.values()) {
            Map<String, List<String>> runbooksByControl = new TreeMap<>(ControlOrder.NATURAL);
            for (Runbook runbook : enabled) {
                for (String control : runbook.controls().getOrDefault(framework, List.of())) {
                    runbooksByControl.computeIfAbsent(control, c -> new ArrayList<>()).add(runbook.id());
                }
            }
            if (!transports.isEmpty()) {
                for (String control : TransportControls.of(framework)) {
                    runbooksByControl.computeIfAbsent(control, c -> new ArrayList<>()).add(TransportControls.CHECK);
                }
            }
            List<ControlResult> controls = new ArrayList<>();
            runbooksByControl.forEach((control, runbookIds) -> controls.add(control(control, runbookIds, outcomes)));
            frameworks.add(FrameworkResult.of(framework, controls));
        }
        return new ComplianceScore(clock.instant(), frameworks);
    }

    /** What one runbook's latest verdicts say across the hosts it applies to. */
    private record Outcome(Set<String> drifted, Set<String> unknown, int compliant) {
    }

    private static Outcome outcome(Runbook runbook, Collection<ScoredHost> hosts, Map<String, LatestCheck> byHost) {
        Set<String> drifted = new TreeSet<>();
        Set<String> unknown = new TreeSet<>();
        int compliant = 0;
        for (ScoredHost host : hosts) {
            if (host.platform() != runbook.platform()) {
                continue;
            }
            LatestCheck check = byHost.get(host.name());
            Verdict.Status status = check == null ? Verdict.Status.ERROR : check.status();
            switch (status) {
                case COMPLIANT -> compliant++;
                case DRIFTED -> drifted.add(host.name());
                case ERROR -> unknown.add(host.name());
                case NOT_APPLICABLE -> {
                }
            }
        }
        return new Outcome(drifted, unknown, compliant);
    }

    private static Outcome transportOutcome(Collection<TargetTransport> transports) {
        Set<String> drifted = new TreeSet<>();
        Set<String> unknown = new TreeSet<>();
        int compliant = 0;
        for (TargetTransport t : transports) {
            switch (t.use()) {
                case ACCEPTED_RISK -> drifted.add(t.host());
                case REFUSED -> unknown.add(t.host());
                case OK, RELAYABLE -> compliant++;
            }
        }
        return new Outcome(drifted, unknown, compliant);
    }

    private static ControlResult control(String control, List<String> runbookIds, Map<String, Outcome> outcomes) {
        Set<String> failing = new TreeSet<>();
        Set<String> unknown = new TreeSet<>();
        int compliant = 0;
        for (String id : runbookIds) {
            Outcome o = outcomes.get(id);
            failing.addAll(o.drifted());
            unknown.addAll(o.unknown());
            compliant += o.compliant();
        }
        ControlStatus status = !failing.isEmpty() ? ControlStatus.FAILING
                : !unknown.isEmpty() || compliant == 0 ? ControlStatus.UNKNOWN
                : ControlStatus.PASSING;
        return new ControlResult(control, status, runbookIds.stream().sorted().toList(), List.copyOf(failing),
                List.copyOf(unknown));
    }

    private static Map<String, Map<String, LatestCheck>> latestByRunbookAndHost(Collection<LatestCheck> checks) {
        Map<String, Map<String, LatestCheck>> latest = new HashMap<>();
        for (LatestCheck check : checks) {
            latest.computeIfAbsent(check.runbookId(), id -> new HashMap<>())
                    .merge(check.host(), check, (a, b) -> b.at().isBefore(a.at()) ? a : b);
        }
        return latest;
    }
}
