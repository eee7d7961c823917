package dev.osiris.lab.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** The figures of a report, computed from the round results alone (plain Java, no I/O). */
public final class CampaignStats {

    /** Histogram bucket upper bounds in seconds; the last bucket is open. */
    static final int[] BUCKETS = {1, 2, 3, 5, 10, 20, 40, 80, 160};

    /** healed of judged (attacks that ran and were judged from evidence). */
    public record Rate(int healed, int judged) {
        public double percent() {
            return judged == 0 ? 0 : 100.0 * healed / judged;
        }

        Rate plus(RoundResult r) {
            return new Rate(healed + (r.outcome() == Outcome.HEALED ? 1 : 0), judged + 1);
        }

        @Override
        public String toString() {
            return healed + "/" + judged + String.format(" (%.0f%%)", percent());
        }
    }

    /** Attack to verified heal; null figures when nothing healed. */
    public record Timing(Duration median, Duration p95, Duration max, Map<String, Integer> histogram) {
    }

    private final List<RoundResult> judged;

    public CampaignStats(List<RoundResult> rounds) {
        this.judged = rounds.stream().filter(r -> r.outcome().judged()).toList();
    }

    public Rate overall() {
        Rate rate = new Rate(0, 0);
        for (RoundResult r : judged) {
            rate = rate.plus(r);
        }
        return rate;
    }

    /** The heal rate of the attacks on runbooks the catalog heals automatically (the others can only escalate). */
    public Rate autoHealable(java.util.Set<String> autoHealableRunbooks) {
        Rate rate = new Rate(0, 0);
        for (RoundResult r : judged) {
            if (autoHealableRunbooks.contains(r.round().runbook())) {
                rate = rate.plus(r);
            }
        }
        return rate;
    }

    public Map<String, Rate> byCategory() {
        return by(r -> r.round().attack().category().wire());
    }

    public Map<String, Rate> byHost() {
        return by(r -> r.round().host());
    }

    public Map<String, Rate> byRunbook() {
        return by(r -> r.round().runbook());
    }

    /** Judged rounds per tier (L1, L2 heals; L3 escalations; "none" for the rest). */
    public Map<String, Integer> byTier() {
        Map<String, Integer> tiers = new TreeMap<>();
        judged.forEach(r -> tiers.merge(r.tier() == null ? "none" : r.tier(), 1, Integer::sum));
        return tiers;
    }

    public Map<String, Integer> byOutcome() {
        Map<String, Integer> outcomes = new TreeMap<>();
        judged.forEach(r -> outcomes.merge(r.outcome().wire(), 1, Integer::sum));
        return outcomes;
    }

    /** Escalations per reason. */
    public Map<String, Integer> escalationReasons() {
        Map<String, Integer> reasons = new TreeMap<>();
        judged.stream().filter(r -> r.outcome() == Outcome.ESCALATED)
                .forEach(r -> reasons.merge(r.reason().split(" ", 2)[0], 1, Integer::sum));
        return reasons;
    }

    public List<RoundResult> notHealed() {
        return judged.stream().filter(r -> r.outcome() != Outcome.HEALED).toList();
    }

    public List<RoundResult> misses() {
        return judged.stream().filter(r -> r.outcome() == Outcome.NOT_DETECTED).toList();
    }

    public Timing timing() {
        return timing(judged);
    }

    public Map<String, Timing> timingByCategory() {
        Map<String, List<RoundResult>> groups = new TreeMap<>();
        judged.forEach(r -> groups.computeIfAbsent(r.round().attack().category().wire(), k -> new ArrayList<>()).add(r));
        Map<String, Timing> out = new TreeMap<>();
        groups.forEach((k, v) -> out.put(k, timing(v)));
        return out;
    }

    static Timing timing(List<RoundResult> rounds) {
        List<Duration> times = new ArrayList<>(rounds.stream().filter(r -> r.toHeal() != null).map(RoundResult::toHeal).toList());
        Collections.sort(times);
        Map<String, Integer> histogram = new java.util.LinkedHashMap<>();
        int lower = 0;
        for (int upper : BUCKETS) {
            histogram.put(lower + "-" + upper + "s", 0);
            lower = upper;
        }
        histogram.put(">=" + lower + "s", 0);
        List<String> labels = List.copyOf(histogram.keySet());
        for (Duration d : times) {
            int i = 0;
            while (i < BUCKETS.length && d.toMillis() >= BUCKETS[i] * 1000L) {
                i++;
            }
            histogram.merge(labels.get(i), 1, Integer::sum);
        }
        if (times.isEmpty()) {
            return new Timing(null, null, null, histogram);
        }
        return new Timing(percentile(times, 50), percentile(times, 95), times.getLast(), histogram);
    }

    /** Nearest-rank percentile of a sorted list. */
    static Duration percentile(List<Duration> sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    private Map<String, Rate> by(Function<RoundResult, String> key) {
        Map<String, Rate> rates = new TreeMap<>();
        judged.forEach(r -> rates.merge(key.apply(r), new Rate(0, 0).plus(r), (a, b) -> new Rate(a.healed() + b.healed(), a.judged() + b.judged())));
        return rates;
    }
}
