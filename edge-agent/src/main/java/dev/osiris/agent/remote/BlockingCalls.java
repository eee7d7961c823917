package dev.osiris.agent.remote;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs one transport's blocking library calls on its own bounded worker pool and enforces a hard deadline on
 * each: when the deadline passes, the future fails with TIMEOUT at once and {@code onDeadline} runs (it closes the
 * channel or client so that the blocked worker is released). Completion is delivered on the caller's context.
 */
final class BlockingCalls implements AutoCloseable {

    private final Vertx vertx;
    private final WorkerExecutor workers;
    private final ScheduledExecutorService watchdog;

    BlockingCalls(Vertx vertx, String name, int threads) {
        this.vertx = vertx;
        // maxExecuteTime only feeds the blocked-thread checker's warning; deadlines are enforced below
        this.workers = vertx.createSharedWorkerExecutor(name, threads, 10, TimeUnit.MINUTES);
        this.watchdog = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name(name + "-watchdog").factory());
    }

    /**
     * Runs {@code work} on a worker; fails only with {@link RemoteFailure} (others are mapped by {@code classify}).
     * Whichever comes first wins: the work's outcome, or the deadline (then {@code onDeadline} runs, once).
     */
    <T> Future<T> call(Callable<T> work, Duration deadline, Runnable onDeadline, Supplier<RemoteFailure> timeout,
                       Function<Throwable, RemoteFailure> classify) {
        Context context = vertx.getOrCreateContext();
        Promise<T> promise = Promise.promise();
        AtomicBoolean settled = new AtomicBoolean();
        ScheduledFuture<?> guard = watchdog.schedule(() -> {
            if (settled.compareAndSet(false, true)) {
                context.runOnContext(v -> promise.fail(timeout.get()));
                Thread.ofVirtual().name("osiris-remote-abort").start(onDeadline);
            }
        }, deadline.toMillis(), TimeUnit.MILLISECONDS);
        workers.<T>executeBlocking(work, false).onComplete(ar -> {
            if (!settled.compareAndSet(false, true)) {
                return;
            }
            guard.cancel(false);
            if (ar.succeeded()) {
                promise.complete(ar.result());
            } else {
                promise.fail(ar.cause() instanceof RemoteFailure f ? f : classify.apply(ar.cause()));
            }
        });
        return promise.future();
    }

    /** Schedules an action on the watchdog (used for in-call deadlines that close one channel). */
    ScheduledFuture<?> schedule(Runnable action, Duration delay) {
        return watchdog.schedule(() -> Thread.ofVirtual().start(action), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
        workers.close();
    }
}
