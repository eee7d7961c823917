package dev.osiris.testing;

import io.vertx.core.Context;
import io.vertx.core.Future;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Blocks a test's own thread, never an event loop, until a future completes or a condition holds, always with a
 * deadline. Whatever goes wrong (a failure, a success where a failure was expected, a deadline passed) ends as an
 * {@link AssertionError} that says what was awaited: the test's line that asked, or the {@code what} it gave.
 *
 * <p>{@code result} reads best qualified ({@code Await.result(relay.close())}), {@code await} statically imported
 * ({@code await(agent.checkinNow())}); they are the same call.
 */
public final class Await {

    /**
     * The deadline when a test names none: long enough for an embedded PostgreSQL's first start on a loaded
     * two-core machine, short enough that a hang fails the test instead of the build's timeout.
     */
    public static final Duration TIMEOUT = Duration.ofSeconds(120);

    private static final Duration POLL = Duration.ofMillis(20);

    private Await() {
    }

    /** The value of a future that must succeed within {@link #TIMEOUT}. */
    public static <T> T result(Future<T> future) {
        return result(caller(), future, TIMEOUT);
    }

    /** The value of a future that must succeed within {@code within}. */
    public static <T> T result(Future<T> future, Duration within) {
        return result(caller(), future, within);
    }

    /** The value of a future that must succeed within {@code within}; {@code what} names it in a failure. */
    public static <T> T result(String what, Future<T> future, Duration within) {
        CompletableFuture<T> done = blockable(future);
        try {
            return done.get(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError(what + " failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError(what + " did not complete within " + seconds(within));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + what, e);
        }
    }

    /** {@link #result(Future)}, for a static import. */
    public static <T> T await(Future<T> future) {
        return result(caller(), future, TIMEOUT);
    }

    /** {@link #result(Future, Duration)}, for a static import. */
    public static <T> T await(Future<T> future, Duration within) {
        return result(caller(), future, within);
    }

    /** The cause of a future that must fail within {@link #TIMEOUT}. */
    public static Throwable failure(Future<?> future) {
        return failure(caller(), future, Throwable.class, TIMEOUT);
    }

    /** The cause of a future that must fail within {@link #TIMEOUT} with an exception of {@code type}. */
    public static <E extends Throwable> E failure(Future<?> future, Class<E> type) {
        return failure(caller(), future, type, TIMEOUT);
    }

    /**
     * The cause of a future that must fail within {@code within} with an exception of {@code type}; {@code what}
     * names it when it succeeds, fails otherwise or does not complete.
     */
    public static <E extends Throwable> E failure(String what, Future<?> future, Class<E> type, Duration within) {
        CompletableFuture<?> done = blockable(future);
        Object value;
        try {
            value = done.get(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (type.isInstance(e.getCause())) {
                return type.cast(e.getCause());
            }
            throw new AssertionError(what + " was expected to fail with a " + type.getSimpleName() + ", it failed with "
                    + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError(what + " was expected to fail, it did not complete within " + seconds(within));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + what, e);
        }
        throw new AssertionError(what + " was expected to fail, it succeeded with " + value);
    }

    /** Polls {@code condition} until it holds, for at most {@link #TIMEOUT}; {@code what} names it if it never does. */
    public static void until(String what, BooleanSupplier condition) {
        until(what, TIMEOUT, condition);
    }

    /**
     * Polls {@code condition} every 20 ms until it holds, for at most {@code within}: the tests' alternative to
     * sleeping. An exception or assertion error the condition throws ends the wait at once.
     */
    public static void until(String what, Duration within, BooleanSupplier condition) {
        notOnEventLoop(what);
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("gave up after " + seconds(within) + " waiting for " + what);
            }
            LockSupport.parkNanos(POLL.toNanos());
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }

    private static <T> CompletableFuture<T> blockable(Future<T> future) {
        notOnEventLoop("a future");
        return future.toCompletionStage().toCompletableFuture();
    }

    /** Blocking an event loop would stop the very future it waits for: refuse it loudly instead of hanging. */
    private static void notOnEventLoop(String what) {
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException("Await blocks: it waits for " + what + " on a test's thread, not on "
                    + Thread.currentThread().getName());
        }
    }

    /** The test's line that awaits: the first frame outside this class. */
    private static String caller() {
        return StackWalker.getInstance().walk(frames -> frames
                .filter(f -> !f.getClassName().equals(Await.class.getName()))
                .findFirst()
                .map(f -> "the future awaited at " + simpleName(f.getClassName()) + "." + f.getMethodName() + "("
                        + f.getFileName() + ":" + f.getLineNumber() + ")")
                .orElse("a future"));
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
