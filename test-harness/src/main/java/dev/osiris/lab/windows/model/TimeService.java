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

    /** The residual offset after a good sync with an NTP source (what the presets show). */
    public static final double SYNCED_OFFSET = 0.0123;
    /** The source of a domain controller that has no parent: its own clock, no time data to sync from. */
    public static final String LOCAL_CMOS_CLOCK = "Local CMOS Clock";

    /** What {@code w32tm /resync} does when the service runs and its source answers with true time. */
    public synchronized void resync(Instant now) {
        resyncTo(now, 0);
    }

    /** A good sync with a source whose own clock is {@code sourceOffsetSeconds} off: this clock takes its time. */
    public synchronized void resyncTo(Instant now, double sourceOffsetSeconds) {
        lastSync = now;
        offsetSeconds = sourceOffsetSeconds + SYNCED_OFFSET;
    }
}
