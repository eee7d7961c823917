package dev.osiris.relay.api;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;

import java.util.concurrent.TimeUnit;

/** {@code GET /health}: one {@code SELECT 1} through the pool; kept lean, it is the benchmark's trivial-query ceiling. */
final class HealthHandler implements Handler<RoutingContext> {

    private static final Buffer OK = Buffer.buffer("{\"status\":\"ok\",\"database\":\"ok\"}");
    private static final Buffer DOWN = Buffer.buffer("{\"status\":\"degraded\",\"database\":\"unreachable\"}");

    private final Pool pool;

    HealthHandler(Pool pool) {
        this.pool = pool;
    }

    @Override
    public void handle(RoutingContext ctx) {
        pool.query("SELECT 1").execute()
                .timeout(3, TimeUnit.SECONDS)
                .onComplete(result -> Responses.json(ctx, result.succeeded() ? 200 : 503,
                        result.succeeded() ? OK.copy() : DOWN.copy()));
    }
}
