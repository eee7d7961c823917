package dev.osiris.agent.heal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts verified heals per (target, runbook) in a sliding window: a check healed {@code threshold} times within
 * the window keeps drifting back and is escalated instead of being healed forever. Keyed by the target's id, so two
 * targets at one address never share a window. Plain Java: the agent persists each heal
 * ({@link SqliteHealingStore#healed}) and replays those still inside the window through {@link #healed} at start,
 * so a restart does not reset the count.
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
    public synchronized void healed(String targetId, String runbookId, Instant at) {
        Deque<Instant> times = heals.computeIfAbsent(targetId + "\u0000" + runbookId, k -> new ArrayDeque<>());
        times.addLast(at);
        prune(times, at);
    }

    /** How many verified heals of this check fall inside the window ending at {@code now}. */
    public synchronized int recentHeals(String targetId, String runbookId, Instant now) {
        Deque<Instant> times = heals.get(targetId + "\u0000" + runbookId);
        if (times == null) {
            return 0;
        }
        prune(times, now);
        return times.size();
    }

    /** Whether a new drift of this check, at {@code now}, is flapping. */
    public boolean flapping(String targetId, String runbookId, Instant now) {
        return recentHeals(targetId, runbookId, now) >= threshold;
    }

    /** Forgets the check's history (after an operator resolved its flapping incident). */
    public synchronized void reset(String targetId, String runbookId) {
        heals.remove(targetId + "\u0000" + runbookId);
    }

    /** Where the window ending at {@code now} starts: heals before it no longer count. */
    public Instant windowStart(Instant now) {
        return now.minus(window);
    }

    private void prune(Deque<Instant> times, Instant now) {
        Instant oldest = now.minus(window);
        while (!times.isEmpty() && times.peekFirst().isBefore(oldest)) {
            times.removeFirst();
        }
    }
}
