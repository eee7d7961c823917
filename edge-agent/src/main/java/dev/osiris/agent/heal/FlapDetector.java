package dev.osiris.agent.heal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts verified heals per (host, runbook) in a sliding window: a check healed {@code threshold} times within
 * the window keeps drifting back and is escalated instead of being healed forever. In memory: a restart forgets
 * the window, which at worst delays the escalation by one window.
 */
public final class FlapDetector {

    private final int threshold;
    private final Duration window;
    private final Map<String, Deque<Instant>> heals = new HashMap<>();

    public FlapDetector(int threshold, Duration window) {
        this.threshold = threshold;
        this.window = window;
    }

    /** Records a verified heal. */
    public synchronized void healed(String host, String runbookId, Instant at) {
        Deque<Instant> times = heals.computeIfAbsent(host + "\u0000" + runbookId, k -> new ArrayDeque<>());
        times.addLast(at);
        prune(times, at);
    }

    /** How many verified heals of this check fall inside the window ending at {@code now}. */
    public synchronized int recentHeals(String host, String runbookId, Instant now) {
        Deque<Instant> times = heals.get(host + "\u0000" + runbookId);
        if (times == null) {
            return 0;
        }
        prune(times, now);
        return times.size();
    }

    /** Whether a new drift of this check, at {@code now}, is flapping. */
    public boolean flapping(String host, String runbookId, Instant now) {
        return recentHeals(host, runbookId, now) >= threshold;
    }

    /** Forgets the check's history (after an operator resolved its flapping incident). */
    public synchronized void reset(String host, String runbookId) {
        heals.remove(host + "\u0000" + runbookId);
    }

    private void prune(Deque<Instant> times, Instant now) {
        Instant oldest = now.minus(window);
        while (!times.isEmpty() && times.peekFirst().isBefore(oldest)) {
            times.removeFirst();
        }
    }
}
