package dev.osiris.lab.bench.healing;

import java.time.Duration;
import java.util.List;

/** Median and p95 (nearest rank) of a handful of durations: the bench has tens to hundreds of samples. */
record Spread(long medianMicros, long p95Micros, int count) {

    static Spread of(List<Duration> samples) {
        long[] sorted = samples.stream().mapToLong(d -> d.toNanos() / 1000).sorted().toArray();
        if (sorted.length == 0) {
            return new Spread(0, 0, 0);
        }
        return new Spread(rank(sorted, 50), rank(sorted, 95), sorted.length);
    }

    private static long rank(long[] sorted, int percentile) {
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    double medianMs() {
        return medianMicros / 1000.0;
    }

    double p95Ms() {
        return p95Micros / 1000.0;
    }

    /** {@code median 812.31 ms  p95 950.02 ms}. */
    String summary() {
        return String.format("median %8.2f ms  p95 %8.2f ms", medianMs(), p95Ms());
    }
}
