package dev.osiris.lab.chaos;

import dev.osiris.lab.runbooks.Attack;
import dev.osiris.protocol.runbook.Platform;
import dev.osiris.protocol.runbook.RunbookCatalog;
import dev.osiris.protocol.runbook.Verdict;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Turns a plan, the attacks and the lab's baseline scan into rounds, repeatably from a seed: the same seed, attacks
 * and lab give the same rounds in the same order on the same hosts. An attack goes only to a host whose baseline
 * verdict for its runbook is compliant (a workstation has no backup job to break); one that has no such host is
 * listed as skipped with that reason.
 */
public final class CampaignPlanner {

    /** A lab host as the planner sees it. */
    public record PlannedHost(String name, String address, Platform platform, Map<String, Verdict.Status> baseline) {
    }

    /** The rounds and what could not be planned, with why. */
    public record Rounds(List<Round> rounds, List<String> skipped) {
    }

    private final RunbookCatalog catalog;

    public CampaignPlanner(RunbookCatalog catalog) {
        this.catalog = catalog;
    }

    public Rounds plan(Plan plan, CampaignConfig config, List<Attack> attacks, List<PlannedHost> hosts, long seed) {
        Random random = new Random(seed);
        List<PlannedHost> targets = hosts.stream().filter(h -> config.hosts().isEmpty() || config.hosts().contains(h.name()))
                .sorted(Comparator.comparing(PlannedHost::name)).toList();
        List<String> skipped = new ArrayList<>();
        List<Pick> picks = new ArrayList<>();
        switch (plan) {
            case NETWORK_SCAN -> { }
            case HEALING_FIRST, FULL_SPECTRUM -> {
                for (Category category : config.categories()) {
                    List<Attack> pool = shuffled(attacks.stream().filter(a -> a.category() == category).toList(), random);
                    if (plan == Plan.HEALING_FIRST) {
                        pool = onePerRunbook(pool);
                    }
                    int taken = 0;
                    for (Attack a : pool) {
                        if (config.attacksPerCategory() > 0 && taken == config.attacksPerCategory()) {
                            break;
                        }
                        List<PlannedHost> fit = applicable(a, targets);
                        if (fit.isEmpty()) {
                            skipped.add(a.name() + ": no lab host where " + a.runbook() + " starts compliant");
                            continue;
                        }
                        picks.add(new Pick(a, leastLoaded(fit, picks, random), 1));
                        taken++;
                    }
                }
            }
            case STRESS -> {
                List<Attack> chosen = config.attacks().isEmpty() ? defaultStress(attacks, config, random)
                        : config.attacks().stream().flatMap(n -> named(n, attacks).stream()).toList();
                for (int r = 1; r <= config.rounds(); r++) {
                    for (Attack a : chosen) {
                        List<PlannedHost> fit = applicable(a, targets);
                        if (fit.isEmpty() && r == 1) {
                            skipped.add(a.name() + ": no lab host where " + a.runbook() + " starts compliant");
                        }
                        for (PlannedHost h : fit) {
                            picks.add(new Pick(a, h, r));
                        }
                    }
                }
            }
        }
        return new Rounds(waves(picks), List.copyOf(skipped));
    }

    private record Pick(Attack attack, PlannedHost host, int repeat) {
    }

    /** Each round goes to the earliest wave after the last one that touched its host, so a host sees one attack per scan. */
    private static List<Round> waves(List<Pick> picks) {
        Map<String, Integer> lastWave = new HashMap<>();
        List<Round> rounds = new ArrayList<>();
        for (Pick p : picks) {
            int wave = lastWave.getOrDefault(p.host().name(), 0) + 1;
            lastWave.put(p.host().name(), wave);
            rounds.add(new Round(0, wave, p.repeat(), p.attack(), p.host().name(), p.host().address()));
        }
        List<Round> ordered = rounds.stream().sorted(Comparator.comparingInt(Round::wave)).toList();
        List<Round> numbered = new ArrayList<>();
        for (int i = 0; i < ordered.size(); i++) {
            Round r = ordered.get(i);
            numbered.add(new Round(i + 1, r.wave(), r.repeat(), r.attack(), r.host(), r.address()));
        }
        return List.copyOf(numbered);
    }

    /** A random host among those with the fewest rounds so far: the waves stay full and the campaign short. */
    private static PlannedHost leastLoaded(List<PlannedHost> fit, List<Pick> picks, Random random) {
        Map<String, Long> load = new HashMap<>();
        picks.forEach(p -> load.merge(p.host().name(), 1L, Long::sum));
        long least = fit.stream().mapToLong(h -> load.getOrDefault(h.name(), 0L)).min().orElse(0);
        List<PlannedHost> idle = fit.stream().filter(h -> load.getOrDefault(h.name(), 0L) == least).toList();
        return idle.get(random.nextInt(idle.size()));
    }

    private List<Attack> defaultStress(List<Attack> attacks, CampaignConfig config, Random random) {
        List<Attack> chosen = new ArrayList<>();
        for (Category c : config.categories()) {
            shuffled(attacks.stream().filter(a -> a.category() == c)
                    .filter(a -> catalog.find(a.runbook()).map(r -> r.autoHealable()).orElse(false)).toList(), random)
                    .stream().findFirst().ifPresent(chosen::add);
        }
        return chosen;
    }

    private static List<Attack> named(String name, List<Attack> attacks) {
        List<Attack> found = attacks.stream().filter(a -> a.name().equals(name)).toList();
        if (found.isEmpty()) {
            found = attacks.stream().filter(a -> a.runbook().equals(name)).limit(1).toList();
        }
        if (found.isEmpty()) {
            throw new IllegalArgumentException("ATTACKS: no attack or runbook named " + name + " in chaos-lab/attacks");
        }
        return found;
    }

    private static List<PlannedHost> applicable(Attack a, List<PlannedHost> hosts) {
        return hosts.stream().filter(h -> h.platform() == a.platform())
                .filter(h -> h.baseline().get(a.runbook()) == Verdict.Status.COMPLIANT).toList();
    }

    private static List<Attack> onePerRunbook(List<Attack> pool) {
        Map<String, Attack> first = new LinkedHashMap<>();
        pool.forEach(a -> first.putIfAbsent(a.runbook(), a));
        return List.copyOf(first.values());
    }

    private static List<Attack> shuffled(List<Attack> attacks, Random random) {
        List<Attack> copy = new ArrayList<>(attacks.stream().sorted(Comparator.comparing(Attack::name)).toList());
        java.util.Collections.shuffle(copy, random);
        return copy;
    }
}
