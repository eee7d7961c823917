package dev.osiris.agent.remote;

import io.vertx.core.Future;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Blocks the test thread (never an event loop) on a future. */
final class Await {

    private Await() {
    }

    static <T> T result(Future<T> future) throws Exception {
        try {
            return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("expected success, got " + e.getCause(), e.getCause());
        }
    }

    static RemoteFailure failure(Future<?> future) throws Exception {
        try {
            Object value = future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
            throw new AssertionError("expected a RemoteFailure, got success: " + value);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RemoteFailure f) {
                return f;
            }
            throw new AssertionError("expected a RemoteFailure, got " + e.getCause(), e.getCause());
        }
    }
}
