package dev.osiris.relay.api;

import dev.osiris.relay.RelayException;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;

/**
 * Reads request bodies only when they may be read, and only once. {@link #gate} runs first on a route: it refuses a
 * declared length over the route's limit at once (413) and pauses the request, so that nothing of the body is
 * buffered while the key is checked. {@link #read} runs after authentication: it reserves the declared length in the
 * relay-wide {@link BodyBudget} (503 with {@code Retry-After} when it is spent), copies the body once into an array
 * of exactly that length, and fails with 408 when the body is not complete within the body deadline.
 */
final class BodyIntake {

    static final int RETRY_AFTER_SECONDS = 5;
    private static final String BODY = "osiris.body";

    private final Vertx vertx;
    private final BodyBudget budget;
    private final Duration bodyTimeout;
    private final ClientErrorLog errors;

    BodyIntake(Vertx vertx, BodyBudget budget, Duration bodyTimeout, ClientErrorLog errors) {
        this.vertx = vertx;
        this.budget = budget;
        this.bodyTimeout = bodyTimeout;
        this.errors = errors;
    }

    /** The body {@link #read} read; empty when the route reads none. */
    static byte[] body(RoutingContext ctx) {
        byte[] body = ctx.get(BODY);
        return body == null ? new byte[0] : body;
    }

    /** Whether the request carries a body that has not been read yet (and that a refusal must not wait for). */
    static boolean unread(HttpServerRequest request) {
        return !request.isEnded() && hasBody(request);
    }

    /** First handler of a route that may carry a body of at most {@code limit} bytes. */
    Handler<RoutingContext> gate(int limit) {
        return ctx -> {
            HttpServerRequest request = ctx.request();
            long length = declaredLength(request);
            if (length > limit) {
                ctx.fail(new RelayException(413, "request body too large: " + length + " bytes, at most " + limit));
                return;
            }
            if (hasBody(request)) {
                request.pause();
                // a route that takes no body answers without reading it: let the rest pass by, unbuffered
                ctx.addHeadersEndHandler(v -> request.resume());
            }
            ctx.next();
        };
    }

    /** Reads the body of a route whose {@link #gate} allowed {@code limit} bytes; the next handler finds it in {@link #body}. */
    Handler<RoutingContext> read(int limit) {
        return ctx -> {
            HttpServerRequest request = ctx.request();
            long length = declaredLength(request);
            if (length < 0 && hasBody(request)) {
                ctx.fail(new RelayException(411, "Content-Length is required"));
                return;
            }
            if (length > limit) {
                ctx.fail(new RelayException(413, "request body too large: " + length + " bytes, at most " + limit));
                return;
            }
            int size = (int) Math.max(0, length);
            if (!budget.tryReserve(size)) {
                ctx.response().putHeader(HttpHeaders.RETRY_AFTER, String.valueOf(RETRY_AFTER_SECONDS));
                ctx.fail(new RelayException(503, "the relay is reading too many request bodies; retry in "
                        + RETRY_AFTER_SECONDS + " s"));
                return;
            }
            ctx.addEndHandler(ended -> budget.release(size));
            if (request.isEnded()) {
                ctx.put(BODY, new byte[0]);
                ctx.next();
                return;
            }
            new Reading(ctx, new byte[size]).start();
        };
    }

    /** One body being copied into its array, with its deadline. Used on the request's event loop only. */
    private final class Reading {

        private final RoutingContext ctx;
        private final byte[] body;
        private int filled;
        private boolean done;
        private long timer;

        Reading(RoutingContext ctx, byte[] body) {
            this.ctx = ctx;
            this.body = body;
        }

        void start() {
            HttpServerRequest request = ctx.request();
            timer = vertx.setTimer(bodyTimeout.toMillis(), id -> fail(408, "request body not complete within "
                    + bodyTimeout.toMillis() + " ms", null));
            request.handler(chunk -> {
                if (done) {
                    return;
                }
                if (chunk.length() > body.length - filled) {
                    fail(400, "request body longer than its Content-Length", null);
                    return;
                }
                chunk.getBytes(0, chunk.length(), body, filled);
                filled += chunk.length();
            });
            request.exceptionHandler(e -> {
                if (e instanceof HttpClosedException) {
                    abandon(); // the client went away mid-body: nothing to log, nobody to answer
                } else {
                    fail(400, "malformed request body", e);
                }
            });
            request.endHandler(v -> {
                if (done) {
                    return;
                }
                done = true;
                vertx.cancelTimer(timer);
                ctx.put(BODY, body);
                ctx.next();
            });
            if (io.netty.handler.codec.http.HttpHeaderValues.CONTINUE.contentEqualsIgnoreCase(
                    request.getHeader(HttpHeaders.EXPECT))) {
                ctx.response().writeContinue();
            }
            request.resume();
        }

        private void abandon() {
            done = true;
            vertx.cancelTimer(timer);
        }

        private void fail(int status, String message, Throwable cause) {
            if (done) {
                return;
            }
            done = true;
            vertx.cancelTimer(timer);
            errors.log(ConnectionGuard.source(ctx.request().connection()), ctx.request().method() + " "
                    + ctx.request().path() + ": " + message, cause);
            ctx.fail(new RelayException(status, message));
        }
    }

    private static boolean hasBody(HttpServerRequest request) {
        return request.headers().contains(HttpHeaders.TRANSFER_ENCODING) || declaredLength(request) > 0;
    }

    /** @return the Content-Length, or -1 when none is given; fails with 400 when it is not a number */
    private static long declaredLength(HttpServerRequest request) {
        String value = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (value == null) {
            return -1;
        }
        try {
            long length = Long.parseLong(value.strip());
            if (length < 0) {
                throw RelayException.badRequest("Content-Length must not be negative");
            }
            return length;
        } catch (NumberFormatException e) {
            throw RelayException.badRequest("Content-Length must be a number");
        }
    }
}
