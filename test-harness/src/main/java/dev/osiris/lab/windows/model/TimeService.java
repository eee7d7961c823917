package dev.osiris.lab.windows.model;

import java.time.Instant;

/** Windows Time (w32time) state: source, last successful sync, clock offset. Thread-safe. */
public final class TimeService {

    private String source;
    private Instant lastSync;
    private double offsetSeconds;

    public TimeService(String source, Instant lastSync, double offsetSeconds) {
        this.source = source;
        this.lastSync = lastSync;
        this.offsetSeconds = offsetSeconds;
    }

    public synchronized String source() {
        return source;
    }

    public synchronized void setSource(String source) {
        this.source = source;
    }

    public synchronized Instant lastSync() {
        return lastSync;
    }

    public synchronized double offsetSeconds() {
        return offsetSeconds;
    }

    /** Chaos: the clock drifted by this many seconds. */
    public synchronized void setOffsetSeconds(double offsetSeconds) {
        this.offsetSeconds = offsetSeconds;
    }

    /** What {@code w32tm /resync} does when the service runs. */
    public synchronized void resync(Instant now) {
        lastSync = now;
        offsetSeconds = 0.0123;
    }
}
