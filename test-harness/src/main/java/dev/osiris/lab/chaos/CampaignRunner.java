package dev.osiris.lab.chaos;

import dev.osiris.agent.app.Agent;
import dev.osiris.agent.drift.HostScan;
import dev.osiris.agent.remote.RemoteFailure;
import dev.osiris.lab.Await;
import dev.osiris.lab.hosts.LabHost;
import dev.osiris.lab.runbooks.Attacks;
import dev.osiris.lab.runbooks.LabAttacker;
import dev.osiris.protocol.evidence.EvidenceRecord;
import dev.osiris.protocol.runbook.Platform;
import dev.osiris.protocol.runbook.RunbookCatalog;
import dev.osiris.protocol.runbook.Verdict;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Runs a campaign on a plain thread (never an event loop) against a running lab and appliance: a baseline scan,
 * then wave by wave (one attack per host) time sync, attack through the agent's transports, a scan the appliance is
 * ordered to run (it detects, heals and verifies), the outcome read from the evidence that scan appended, and a
 * restore only when the attack was not healed and restores are enabled. {@link #snapshot(boolean)} gives what it
 * has at any moment, for the Ctrl-C report.
 */
public final class CampaignRunner {

    /** What the runner drives: the lab's hosts and the appliance. */
    public record Site(List<LabHost> hosts, Agent agent, LabAttacker attacker, TimeSync timeSync, Restorer restorer) {
    }

    private final Site site;
    private final CampaignConfig config;
    private final Plan plan;
    private final long seed;
    private final PrintStream out;
    private final Clock clock;
    private final RunbookCatalog catalog = RunbookCatalog.builtIn();

    private final Instant startedAt;
    private final List<Round> planned = new CopyOnWriteArrayList<>();
    private final Map<Integer, RoundResult> results = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<String> skipped = new CopyOnWriteArrayList<>();
    private final List<String> notes = new CopyOnWriteArrayList<>();
    private volatile Map<String, Map<String, String>> compliance = Map.of();
    private volatile int restores;
    private volatile boolean stopped;

    public CampaignRunner(Site site, Plan plan, CampaignConfig config, long seed, PrintStream out, Clock clock) {
        this.site = site;
        this.plan = plan;
        this.config = config;
        this.seed = seed;
        this.out = out;
        this.clock = clock;
        this.startedAt = clock.instant();
    }

    /**
     * Runs the whole campaign.
     *
     * @throws TargetPolicy.TargetRefusedException before any attack when a host is outside the lab and not allowed
     */
    public CampaignResult run(Attacks attacks) {
        TargetPolicy policy = new TargetPolicy(config.allowedTargets());
        List<LabHost> hosts = site.hosts().stream()
                .filter(h -> config.hosts().isEmpty() || config.hosts().contains(h.name())).toList();
        for (String wanted : config.hosts()) {
            if (hosts.stream().noneMatch(h -> h.name().equals(wanted))) {
                throw new IllegalArgumentException("HOSTS: no lab host named " + wanted + " (the lab has "
                        + site.hosts().stream().map(LabHost::name).toList() + ")");
            }
        }
        hosts.forEach(h -> policy.check(h.name(), h.address()));
        Map<String, LabHost> byAddress = new LinkedHashMap<>();
        hosts.forEach(h -> byAddress.put(h.address(), h));

        out.println("chaos: " + plan.wire() + ", seed " + seed + ", " + hosts.size() + " hosts, restores "
                + (config.enableRestores() ? "enabled" : "disabled") + ", time sync " + (config.timeSync() ? "on" : "off"));
        Await.result(site.agent().checkinNow(), Duration.ofMinutes(1));
        if (config.timeSync()) {
            // the baseline scan is the appliance's first logon: a clock far off would refuse it as it would an attack
            hosts.forEach(this::sync);
        }
        long beforeBaseline = Await.result(site.agent().evidence().count());
        List<HostScan> baseline = scan();
        compliance = compliance(baseline, byAddress);
        out.println("chaos: baseline scan of " + baseline.size() + " hosts done");
        unscanned(baseline, byAddress, beforeBaseline).forEach(why -> {
            skipped.add(why);
            out.println("chaos: " + why);
        });

        List<CampaignPlanner.PlannedHost> plannedHosts = hosts.stream().map(h -> new CampaignPlanner.PlannedHost(h.name(),
                h.address(), h.transport().equals("ssh") ? Platform.LINUX : Platform.WINDOWS,
                statuses(baseline, h.address()))).toList();
        CampaignPlanner.Rounds rounds = new CampaignPlanner(catalog).plan(plan, config, attacks.all(), plannedHosts, seed);
        planned.addAll(rounds.rounds());
        skipped.addAll(rounds.skipped());
        int waves = rounds.rounds().stream().mapToInt(Round::wave).max().orElse(0);
        for (int wave = 1; wave <= waves && !stopped; wave++) {
            int w = wave;
            runWave(rounds.rounds().stream().filter(r -> r.wave() == w).toList(), byAddress);
        }
        return snapshot(false);
    }

    private void runWave(List<Round> wave, Map<String, LabHost> byAddress) {
        long before = Await.result(site.agent().evidence().count());
        Map<Round, Instant> attacked = new LinkedHashMap<>();
        for (Round round : wave) {
            if (stopped) {
                return;
            }
            LabHost host = byAddress.get(round.address());
            if (config.timeSync()) {
                sync(host);
            }
            Instant at = clock.instant();
            try {
                Await.result(site.attacker().run(host, round.attack()), Duration.ofMinutes(2));
                attacked.put(round, at);
            } catch (RuntimeException e) {
                if (stopped) {
                    return;
                }
                RoundResult failed = clockSkew(e)
                        .map(f -> new RoundResult(round, Outcome.TIME_SKEW, null, "logon refused for clock skew: "
                                + f.getMessage(), at, null, false, List.of()))
                        .orElseGet(() -> new RoundResult(round, Outcome.ATTACK_FAILED, null,
                                "the attack did not run: " + e.getMessage(), at, null, false, List.of()));
                results.put(round.index(), failed);
                print(failed);
            }
        }
        if (attacked.isEmpty()) {
            return;
        }
        String scanProblem = null;
        try {
            scan();
        } catch (RuntimeException e) {
            if (stopped) {
                return;
            }
            scanProblem = "the ordered scan did not finish within " + config.healTimeout().toSeconds() + " s: " + e.getMessage();
            notes.add("wave " + wave.getFirst().wave() + ": " + scanProblem);
        }
        if (stopped) {
            return; // the site is closing: what this wave's scan saw cannot be read any more
        }
        List<EvidenceRecord> added = Await.result(site.agent().evidence().range(before, 1_000_000), Duration.ofMinutes(1));
        for (Map.Entry<Round, Instant> e : attacked.entrySet()) {
            RoundResult r = EvidenceReading.read(e.getKey(), e.getValue(), added);
            if (scanProblem != null && r.outcome() == Outcome.NOT_DETECTED) {
                r = new RoundResult(r.round(), r.outcome(), null, r.reason() + " (" + scanProblem + ")", r.attackedAt(),
                        null, false, r.evidenceSeq());
            }
            if (r.outcome() != Outcome.HEALED && config.enableRestores()) {
                String refused = Await.result(site.restorer().restore(byAddress.get(e.getKey().address()), e.getKey().attack()),
                        Duration.ofMinutes(2));
                if (refused == null) {
                    restores++;
                }
                r = r.withRestored(refused == null, refused);
            }
            results.put(r.round().index(), r);
            print(r);
        }
    }

    private void print(RoundResult r) {
        out.println(String.format("chaos: #%d %-8s %-48s %s%s", r.round().index(), r.round().host(),
                r.round().attack().name(), r.outcome().wire(), r.reason() == null ? "" : ": " + r.reason())
                + (r.toHeal() == null ? "" : " (" + CampaignReport.seconds(r.toHeal()) + ")"));
    }

    /**
     * Hosts the baseline scan could not reach, each with the reason the appliance's evidence gives (its
     * {@code drift.scan} record, read by {@link EvidenceReading}'s rule: a clock skew only when the transport said so).
     */
    private List<String> unscanned(List<HostScan> baseline, Map<String, LabHost> byAddress, long before) {
        List<String> out = new java.util.ArrayList<>();
        List<EvidenceRecord> added = Await.result(site.agent().evidence().range(before, 1_000_000), Duration.ofMinutes(1));
        for (HostScan s : baseline) {
            LabHost h = byAddress.get(s.host());
            if (h == null || s.reached()) {
                continue;
            }
            String why = added.stream().filter(r -> r.host().equals(s.host()) && r.checkId().equals("drift.scan")
                            && r.outcome().equals("unreachable")).findFirst()
                    .map(EvidenceReading::unreachableReason).orElse("host unreachable: " + s.error());
            out.add(h.name() + ": the baseline scan failed, " + why + "; no attack planned on it");
        }
        return out;
    }

    /** The transport's typed refusal for clock skew in a failure's causes, when it is one. */
    private static java.util.Optional<RemoteFailure> clockSkew(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RemoteFailure f && f.reason() == RemoteFailure.Reason.CLOCK_SKEW) {
                return java.util.Optional.of(f);
            }
        }
        return java.util.Optional.empty();
    }

    private void sync(LabHost host) {
        try {
            String unsupported = Await.result(site.timeSync().sync(host), Duration.ofMinutes(1));
            if (unsupported != null && notes.stream().noneMatch(n -> n.equals(unsupported))) {
                notes.add(unsupported);
            }
        } catch (RuntimeException e) {
            notes.add("time sync of " + host.name() + " failed: " + e.getMessage());
        }
    }

    private List<HostScan> scan() {
        return Await.result(site.agent().scanNow(), config.healTimeout());
    }

    /** Stops after the step under way (Ctrl-C): no further attack, no result read from a closing site. */
    public void stop() {
        stopped = true;
    }

    /** The campaign so far; rounds planned but not judged yet are INTERRUPTED when {@code interrupted}. */
    public CampaignResult snapshot(boolean interrupted) {
        List<RoundResult> all = new ArrayList<>();
        for (Round r : planned) {
            RoundResult done = results.get(r.index());
            if (done != null) {
                all.add(done);
            } else if (interrupted) {
                all.add(new RoundResult(r, Outcome.INTERRUPTED, null, "the campaign was stopped before this round was judged",
                        null, null, false, List.of()));
            }
        }
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("HOSTS", String.join(",", config.hosts()));
        settings.put("CATEGORIES", String.join(",", config.categories().stream().map(Category::wire).toList()));
        settings.put("ATTACKS", String.join(",", config.attacks()));
        settings.put("ATTACKS_PER_CATEGORY", Integer.toString(config.attacksPerCategory()));
        settings.put("ROUNDS", Integer.toString(config.rounds()));
        settings.put("HEAL_TIMEOUT_SECONDS", Long.toString(config.healTimeout().toSeconds()));
        settings.put("ENABLE_RESTORES", Boolean.toString(config.enableRestores()));
        settings.put("TIME_SYNC_BEFORE_ATTACK", Boolean.toString(config.timeSync()));
        settings.put("HEALING_MODE", config.healingMode());
        settings.put("SEED", Long.toString(seed));
        return new CampaignResult(plan, seed, settings, startedAt, clock.instant(), all, skipped, compliance, restores,
                interrupted, notes);
    }

    private static Map<String, Verdict.Status> statuses(List<HostScan> scans, String address) {
        return scans.stream().filter(s -> s.host().equals(address)).findFirst().map(HostScan::verdicts)
                .map(v -> v.entrySet().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey,
                        e -> e.getValue().status()))).orElse(Map.of());
    }

    private static Map<String, Map<String, String>> compliance(List<HostScan> scans, Map<String, LabHost> byAddress) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (HostScan s : scans) {
            LabHost h = byAddress.get(s.host());
            if (h == null) {
                continue;
            }
            Map<String, String> checks = new LinkedHashMap<>();
            if (!s.reached()) {
                checks.put("drift.scan", "unreachable");
            }
            s.verdicts().forEach((rb, v) -> checks.put(rb, v.status().wire()));
            out.put(h.name(), checks);
        }
        return out;
    }
}
