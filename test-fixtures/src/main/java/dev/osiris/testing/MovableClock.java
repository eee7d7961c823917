package dev.osiris.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * A UTC clock that only a test moves, safe to read from any thread: either standing still at an instant
 * ({@link #at}) or running with the system clock, shifted by what the test moved it ({@link #system}), for code
 * that also waits on real timers.
 */
public final class MovableClock extends Clock {

    private final Supplier<Instant> base;
    private final AtomicReference<Duration> moved = new AtomicReference<>(Duration.ZERO);

    private MovableClock(Supplier<Instant> base) {
        this.base = base;
    }

    /** A clock that stands at {@code start} until moved. */
    public static MovableClock at(Instant start) {
        return new MovableClock(() -> start);
    }

    /** The system clock, shifted by whatever the test moves it. */
    public static MovableClock system() {
        return new MovableClock(Instant::now);
    }

    /** Moves the clock forward (or back, with a negative duration). */
    public void advance(Duration by) {
        moved.updateAndGet(m -> m.plus(by));
    }

    /** Undoes every move. */
    public void reset() {
        moved.set(Duration.ZERO);
    }

    @Override
    public Instant instant() {
        return base.get().plus(moved.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("a test clock stays in UTC");
    }
}
