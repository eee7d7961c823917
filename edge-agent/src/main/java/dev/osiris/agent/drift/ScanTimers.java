package dev.osiris.agent.drift;

import io.vertx.core.Vertx;

import java.time.Duration;

/** The timers the {@link DriftScheduler} sets: Vert.x's on the agent's event loop, a manual clock in tests. */
public interface ScanTimers {

    /** Runs {@code fire} once, after {@code delay}, on the scheduler's thread; returns the timer's id. */
    long schedule(Duration delay, Runnable fire);

    /** Cancels a timer that has not fired; an unknown id is ignored. */
    void cancel(long id);

    /** Vert.x timers on the caller's event loop, at least one millisecond long. */
    static ScanTimers of(Vertx vertx) {
        return new ScanTimers() {
            @Override
            public long schedule(Duration delay, Runnable fire) {
                return vertx.setTimer(Math.max(1, delay.toMillis()), t -> fire.run());
            }

            @Override
            public void cancel(long id) {
                vertx.cancelTimer(id);
            }
        };
    }
}
