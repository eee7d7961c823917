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
        String path = ctx.request().path();
        if (path.startsWith("/portal") && status == 401) {
            // a page asked of a browser without a live session: to the sign-in page
            ctx.response().setStatusCode(302).putHeader("Location", "/portal/sign-in")
                    .putHeader("Cache-Control", "no-store").end();
            return;
        }
        if (path.startsWith("/portal") || path.startsWith("/auth/")) {
            page(ctx, status, body.path("error").asText());
            return;
        }
        Refusals.send(ctx, status, body);
    }

    /** A browser's refusal: the message, escaped, on a page with the portal's headers. */
    private static void page(RoutingContext ctx, int status, String message) {
        String html = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Osiris portal</title>"
                + "<link rel=\"stylesheet\" href=\"/portal/static/portal.css\"></head><body><main><h1>"
                + (status == 403 ? "Not allowed" : status == 404 ? "Not found" : "Refused") + "</h1><p id=\"error\">"
                + org.unbescape.html.HtmlEscape.escapeHtml5(message)
                + "</p><p>" + (status == 400 || status == 409 ? "<a id=\"back\" href=\"" + formPage(ctx.request().path())
                + "\">Back</a> " : "") + "<a href=\"/portal/sign-in\">Sign in</a></p></main></body></html>";
        dev.osiris.relay.portal.SecurityHeaders.apply(ctx.response(), ctx.request().isSSL()).setStatusCode(status)
                .putHeader("Content-Type", "text/html; charset=utf-8").end(html);
    }

    /**
     * The page a refused form was posted from, to go back to: a site's forms live on the site's page, the team's on
     * the team page. Only the portal's own path segments are used, escaped.
     */
    static String formPage(String path) {
        String[] parts = path.split("/");
        // "", "portal", "sites", id, ... or "", "portal", "team" | "platform", ...
        if (parts.length >= 4 && parts[2].equals("sites")) {
            return org.unbescape.html.HtmlEscape.escapeHtml5("/portal/sites/" + parts[3]);
        }
        if (parts.length >= 3 && (parts[2].equals("team") || parts[2].equals("platform"))) {
            return "/portal/" + parts[2];
        }
        return "/portal";
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
