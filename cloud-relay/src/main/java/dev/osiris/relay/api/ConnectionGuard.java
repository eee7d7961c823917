package dev.osiris.relay.api;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The connection rules of one server instance, used on its event loop only: a source over its connection cap is
 * closed at once; a request's headers must be complete within the header deadline, counted from the connection's
 * opening or the previous response's end (so a slowloris, or an idle keep-alive connection, is closed); client
 * errors on the connection are logged through the rate-limited {@link ClientErrorLog}.
 */
final class ConnectionGuard {

    private final Vertx vertx;
    private final Duration headerTimeout;
    private final SourceCounts sources;
    private final ClientErrorLog errors;
    private final Map<HttpConnection, Long> awaitingHeaders = new IdentityHashMap<>();

    ConnectionGuard(Vertx vertx, Duration headerTimeout, SourceCounts sources, ClientErrorLog errors) {
        this.vertx = vertx;
        this.headerTimeout = headerTimeout;
        this.sources = sources;
        this.errors = errors;
    }

    static String source(HttpConnection connection) {
        SocketAddress remote = connection.remoteAddress();
        return remote == null ? "unknown" : remote.hostAddress();
    }

    /** The server's connection handler. */
    void opened(HttpConnection connection) {
        String source = source(connection);
        if (!sources.tryOpen(source)) {
            errors.log(source, "connection refused: the source has too many open connections", null);
            connection.close();
            return;
        }
        connection.closeHandler(v -> {
            sources.closed(source);
            stopWaiting(connection);
        });
        connection.exceptionHandler(e -> errors.log(source, "connection error", e));
        awaitHeaders(connection);
    }

    /** The router's first handler: this request's headers are in; the deadline starts again at its response's end. */
    void requestStarted(RoutingContext ctx) {
        HttpConnection connection = ctx.request().connection();
        stopWaiting(connection);
        // a request's decoding error is the connection's too, which logs it once; a client's close is no error
        ctx.request().exceptionHandler(e -> {
        });
        ctx.addEndHandler(ended -> {
            if (ended.succeeded()) {
                awaitHeaders(connection);
            }
        });
        ctx.next();
    }

    /** The server's handler of requests whose head could not be decoded: one log line, then the default 4xx and close. */
    void invalid(HttpServerRequest request) {
        Throwable cause = request.decoderResult().cause();
        errors.log(source(request.connection()), "malformed request head", cause);
        HttpServerRequest.DEFAULT_INVALID_REQUEST_HANDLER.handle(request);
    }

    /** The server's exception handler (TLS handshake garbage, resets before a request). */
    void failed(Throwable e) {
        errors.log("a client", "connection failed", e);
    }

    private void awaitHeaders(HttpConnection connection) {
        stopWaiting(connection);
        awaitingHeaders.put(connection, vertx.setTimer(headerTimeout.toMillis(), id -> {
            awaitingHeaders.remove(connection);
            connection.close();
        }));
    }

    private void stopWaiting(HttpConnection connection) {
        Long timer = awaitingHeaders.remove(connection);
        if (timer != null) {
            vertx.cancelTimer(timer);
        }
    }
}
