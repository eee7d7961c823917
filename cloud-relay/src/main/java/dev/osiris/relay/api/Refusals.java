package dev.osiris.relay.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * Writes every refusal. A request refused before its body was read (401, 413, 503 ...) is answered at once with
 * {@code Connection: close}; the rest of its body is let pass by without being kept, and the connection closes when
 * the body has ended or after a short linger, so that a client still sending sees the answer rather than a reset,
 * and a client that keeps sending cannot hold the connection.
 */
final class Refusals {

    static final long LINGER_MS = 2_000;

    private Refusals() {
    }

    static Future<Void> send(RoutingContext ctx, int status, ObjectNode body) {
        HttpServerRequest request = ctx.request();
        if (!BodyIntake.unread(request)) {
            return Responses.json(ctx, status, body);
        }
        HttpConnection connection = request.connection();
        Promise<Void> ended = Promise.promise();
        long linger = ctx.vertx().setTimer(LINGER_MS, id -> ended.tryComplete());
        request.handler(null);
        request.endHandler(v -> ended.tryComplete());
        request.resume();
        ctx.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
        Future<Void> written = Responses.json(ctx, status, body);
        written.transform(w -> ended.future()).onComplete(done -> {
            ctx.vertx().cancelTimer(linger);
            connection.close();
        });
        return written;
    }
}
