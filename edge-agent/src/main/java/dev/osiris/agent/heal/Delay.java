package dev.osiris.agent.heal;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.time.Duration;

/** Waits before a retry: a Vert.x timer in the agent, a clock the test moves in component tests. */
@FunctionalInterface
public interface Delay {

    /** Completes once {@code wait} has passed; never fails. */
    Future<Void> after(Duration wait);

    /** Waits on the caller's event loop with a Vert.x timer. */
    static Delay timers(Vertx vertx) {
        return wait -> {
            Promise<Void> p = Promise.promise();
            vertx.setTimer(Math.max(1, wait.toMillis()), t -> p.complete());
            return p.future();
        };
    }
}
