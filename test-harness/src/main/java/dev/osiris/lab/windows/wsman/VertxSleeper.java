package dev.osiris.lab.windows.wsman;

import dev.osiris.lab.windows.shell.Sleeper;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Waits on a Vert.x timer: the command's (virtual) thread parks, no event loop or platform thread is held.
 * Interrupting the thread (Signal terminate) ends the wait at once.
 */
final class VertxSleeper implements Sleeper {

    private final Vertx vertx;

    VertxSleeper(Vertx vertx) {
        this.vertx = vertx;
    }

    @Override
    public void sleep(Duration duration) throws InterruptedException {
        if (duration.isZero() || duration.isNegative()) {
            return;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        long timer = vertx.setTimer(Math.max(1, duration.toMillis()), id -> done.complete(null));
        try {
            done.get();
        } catch (InterruptedException e) {
            vertx.cancelTimer(timer);
            throw e;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }
}
