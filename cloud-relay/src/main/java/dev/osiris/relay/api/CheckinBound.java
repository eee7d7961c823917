package dev.osiris.relay.api;

import dev.osiris.relay.RelayException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The relay's protection against a thundering herd (every appliance whose check-in fell due during an outage
 * retrying at once): at most {@code max} check-ins are worked on at once, relay-wide, from authentication to the
 * answer; one more is answered 503 with {@code Retry-After} at once, before its key is looked up or its body read,
 * instead of queueing for the database until it times out. The Retry-After is spread between the configured time
 * and twice it, so that a herd refused in one second comes back over several. The count bounds how many wait; the
 * queue time bounds how long: a check-in whose body has arrived gets a deadline ({@link #deadline}), and one still
 * waiting for the database then is refused the same way ({@link #fail}), never stored. Shared by every event loop.
 */
final class CheckinBound implements Handler<RoutingContext> {

    private final int max;
    private final long retryAfterSeconds;
    private final long maxQueueNanos;
    private final ApiMeters meters;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final LongAdder shed = new LongAdder();

    CheckinBound(int max, long retryAfterSeconds, Duration maxQueue, ApiMeters meters) {
        this.max = max;
        this.maxQueueNanos = maxQueue.toNanos();
        this.retryAfterSeconds = retryAfterSeconds;
        this.meters = meters;
    }

    @Override
    public void handle(RoutingContext ctx) {
        long started = System.nanoTime();
        ctx.addEndHandler(ended -> meters.checkin(ctx.response().getStatusCode(), System.nanoTime() - started));
        if (inFlight.incrementAndGet() > max) {
            inFlight.decrementAndGet();
            shed.increment();
            long retry = retryAfter(ctx);
            ctx.fail(new RelayException(503, "the relay is working on " + max + " check-ins already; retry in "
                    + retry + " s"));
            return;
        }
        ctx.addEndHandler(ended -> inFlight.decrementAndGet());
        ctx.next();
    }

    /** The time by which a check-in whose body arrived now must have reached the database, on nanoTime's scale. */
    long deadline() {
        return System.nanoTime() + maxQueueNanos;
    }

    /**
     * Fails the check-in; a 503 (the queue-time bound, a full replay window) goes with {@code Retry-After} and is
     * counted as shed.
     */
    void fail(RoutingContext ctx, Throwable failure) {
        if (failure instanceof RelayException e && e.status() == 503 && !ctx.response().headWritten()) {
            shed.increment();
            retryAfter(ctx);
        }
        ctx.fail(failure);
    }

    private long retryAfter(RoutingContext ctx) {
        long retry = retryAfterSeconds + ThreadLocalRandom.current().nextLong(retryAfterSeconds + 1);
        ctx.response().putHeader(HttpHeaders.RETRY_AFTER, String.valueOf(retry));
        return retry;
    }

    int inFlight() {
        return inFlight.get();
    }

    /** Check-ins refused with 503 since start. */
    long shed() {
        return shed.sum();
    }
}
