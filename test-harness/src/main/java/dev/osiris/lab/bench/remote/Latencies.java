package dev.osiris.lab.bench.remote;

import org.HdrHistogram.Histogram;

import java.util.List;
import java.util.concurrent.TimeUnit;

/** Round-trip samples of one measured mode, summarised as median and p95 (microsecond resolution). */
record Latencies(Histogram micros) {

    static Latencies empty() {
        return new Latencies(new Histogram(TimeUnit.MINUTES.toMicros(5), 3));
    }

    static Latencies ofMicros(List<Long> samples) {
        Latencies l = empty();
        samples.forEach(l::recordMicros);
        return l;
    }

    void recordNanos(long nanos) {
        recordMicros(Math.max(1, nanos / 1000));
    }

    void recordMicros(long micros) {
        micros().recordValue(Math.min(micros, micros().getHighestTrackableValue()));
    }

    long count() {
        return micros().getTotalCount();
    }

    double medianMs() {
        return micros().getValueAtPercentile(50) / 1000.0;
    }

    double p95Ms() {
        return micros().getValueAtPercentile(95) / 1000.0;
    }

    /** {@code median 3.21 ms  p95 4.56 ms  (n=200)}: the shape the smoke test and readers rely on. */
    String summary() {
        return String.format("median %8.2f ms  p95 %8.2f ms  (n=%d)", medianMs(), p95Ms(), count());
    }
}
