package dev.osiris.lab.bench.update;

import dev.osiris.agent.update.Crashpoints;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The updater's named points (the power-cut test's crash points: each state saved, inside the slot write) as
 * timestamps: the phases of one update without instrumenting the updater.
 */
final class StepTimes implements Crashpoints {

    private final Map<String, Long> reached = new ConcurrentHashMap<>();

    @Override
    public void reached(String point) {
        reached.putIfAbsent(point, System.nanoTime());
    }

    /** Seconds from point {@code from} to point {@code to}; fails when either was not reached. */
    double seconds(String from, String to) {
        return (at(to) - at(from)) / 1e9;
    }

    long at(String point) {
        Long t = reached.get(point);
        if (t == null) {
            throw new IllegalStateException("the update never reached '" + point + "'; reached " + reached.keySet());
        }
        return t;
    }
}
