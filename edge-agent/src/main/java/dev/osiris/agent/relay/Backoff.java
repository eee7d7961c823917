package dev.osiris.agent.relay;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Retry delays while the relay is unreachable: {@code min * 2^(failures-1)} capped at {@code max}, then
 * drawn uniformly from its upper half ("equal jitter") so that many appliances do not retry in step.
 * Also spreads regular check-ins by a jitter fraction, and waits out the relay's {@code Retry-After}. Plain Java.
 */
public final class Backoff {

    private final Duration min;
    private final Duration max;
    private final DoubleSupplier random;

    /** @param random uniform values in [0, 1) */
    public Backoff(Duration min, Duration max, DoubleSupplier random) {
        this.min = min;
        this.max = max;
        this.random = random;
    }

    /** The delay before the next attempt after {@code failures} consecutive failures (at least 1). */
    public Duration afterFailures(int failures) {
        long cap = max.toMillis();
        long base = min.toMillis();
        int shift = Math.min(Math.max(failures, 1) - 1, 40);
        long ceiling = base > (cap >> shift) ? cap : Math.min(cap, base << shift);
        long half = ceiling / 2;
        long drawn = half + (long) (random.getAsDouble() * (ceiling - half + 1));
        return Duration.ofMillis(Math.min(drawn, ceiling));
    }

    /**
     * The delay after {@code failures} consecutive failures when the last one came with the relay's
     * {@code Retry-After}: at least that long plus a jitter of up to a tenth of it (at least up to the minimum
     * delay, so that appliances told the same date do not all come back at once), or the own backoff when that is
     * longer. Without a {@code Retry-After} (null) it is {@link #afterFailures}.
     */
    public Duration afterRefusal(int failures, Duration retryAfter) {
        Duration own = afterFailures(failures);
        if (retryAfter == null) {
            return own;
        }
        long asked = retryAfter.toMillis();
        long spread = Math.max(min.toMillis(), asked / 10);
        long drawn = asked + (long) (random.getAsDouble() * spread);
        return Duration.ofMillis(Math.max(own.toMillis(), drawn));
    }

    /** The regular interval stretched or shortened by up to {@code jitter} (a fraction). */
    public Duration jittered(Duration interval, double jitter) {
        double factor = 1 + jitter * (2 * random.getAsDouble() - 1);
        return Duration.ofMillis(Math.max(1, Math.round(interval.toMillis() * factor)));
    }
}
