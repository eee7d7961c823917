package dev.osiris.relay.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.osiris.protocol.json.Json;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

/** Writes JSON answers. */
final class Responses {

    private Responses() {
    }

    static Future<Void> json(RoutingContext ctx, int status, JsonNode body) {
        return json(ctx, status, Buffer.buffer(Json.bytes(body)));
    }

    /** Answers once the change's audit row, if the route is audited, is written. */
    static Future<Void> json(RoutingContext ctx, int status, Buffer body) {
        return SecuredRoutes.beforeAnswer(ctx, status).compose(v -> ctx.response().setStatusCode(status)
                .putHeader("Content-Type", "application/json").end(body));
    }

    static Future<Void> noContent(RoutingContext ctx) {
        return SecuredRoutes.beforeAnswer(ctx, 204).compose(v -> ctx.response().setStatusCode(204).end());
    }

    /** The request's body as the route read it: the one copy, never copied again. */
    static byte[] body(RoutingContext ctx) {
        return BodyIntake.body(ctx);
    }
}
