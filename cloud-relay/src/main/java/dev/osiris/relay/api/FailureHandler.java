package dev.osiris.relay.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.protocol.InvalidMessageException;
import dev.osiris.protocol.json.Json;
import dev.osiris.relay.RelayException;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.util.logging.Level;
import java.util.logging.Logger;

/** The router's one failure handler: every refusal becomes {@code {"error": "..."}} with its status. */
final class FailureHandler implements Handler<RoutingContext> {

    private static final Logger LOG = Logger.getLogger(FailureHandler.class.getName());

    @Override
    public void handle(RoutingContext ctx) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        Throwable failure = ctx.failure();
        int status;
        ObjectNode body;
        if (failure instanceof RelayException e) {
            status = e.status();
            body = e.details();
            body.put("error", e.getMessage());
        } else if (failure instanceof InvalidMessageException e) {
            status = 400;
            body = Json.object().put("error", e.getMessage());
        } else if (failure == null || failure instanceof io.vertx.ext.web.handler.HttpException) {
            status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
            body = Json.object().put("error", describe(status));
        } else {
            status = 500;
            body = Json.object().put("error", "internal error");
            LOG.log(Level.SEVERE, ctx.request().method() + " " + ctx.request().path() + " failed", failure);
        }
        if (status < 500) {
            LOG.fine(() -> ctx.request().method() + " " + ctx.request().path() + " -> " + status + ": "
                    + body.path("error").asText());
        }
        Refusals.send(ctx, status, body);
    }

    private static String describe(int status) {
        return switch (status) {
            case 400 -> "bad request";
            case 401 -> "unauthorized";
            case 404 -> "not found";
            case 405 -> "method not allowed";
            case 408 -> "request body not received in time";
            case 411 -> "Content-Length is required";
            case 413 -> "request body too large";
            case 415 -> "unsupported Content-Type";
            default -> "request failed with status " + status;
        };
    }
}
