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

    /** Runs {@code work} on a worker; fails only with {@link RemoteFailure} (others are mapped by {@code classify}). */
    <T> Future<T> call(Callable<T> work, Duration deadline, Runnable onDeadline, Supplier<RemoteFailure> timeout,
                       java.util.function.Function<Throwable, RemoteFailure> classify) {
        Context context = vertx.getOrCreateContext();
        Promise<T> promise = Promise.promise();
        ScheduledFuture<?> guard = watchdog.schedule(() -> {
            context.runOnContext(v -> promise.tryFail(timeout.get()));
            Thread.ofVirtual().name("osiris-remote-abort").start(onDeadline);
        }, deadline.toMillis(), TimeUnit.MILLISECONDS);
        workers.<T>executeBlocking(work, false).onComplete(ar -> {
            guard.cancel(false);
            if (ar.succeeded()) {
                promise.tryComplete(ar.result());
            } else {
                promise.tryFail(ar.cause() instanceof RemoteFailure f ? f : classify.apply(ar.cause()));
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
