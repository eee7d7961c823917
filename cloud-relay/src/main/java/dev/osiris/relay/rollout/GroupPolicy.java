package dev.osiris.relay.rollout;

import java.time.Duration;

/**
 * A group's thresholds, in percent of its appliances (skipped ones not counted): the committed share that lets the
 * next group start, the failed share (failed, rolled back or not reporting in time) that pauses the whole rollout,
 * and how long to wait after success before the next group starts.
 */
public record GroupPolicy(int successPercent, int errorPercent, Duration soak) {

    public static final Duration MAX_SOAK = Duration.ofDays(30);

    public GroupPolicy {
        if (successPercent < 1 || successPercent > 100) {
            throw new IllegalArgumentException("success threshold must be between 1 and 100 %, got " + successPercent);
        }
        if (errorPercent < 1 || errorPercent > 100) {
            throw new IllegalArgumentException("error threshold must be between 1 and 100 %, got " + errorPercent);
        }
        if (soak == null || soak.isNegative() || soak.compareTo(MAX_SOAK) > 0) {
            throw new IllegalArgumentException("soak time must be between 0 and 30 days, got " + soak);
        }
    }
}
