package dev.osiris.relay.api;

import dev.osiris.protocol.Api;
import dev.osiris.relay.auth.ApplianceAuth;
import dev.osiris.relay.store.Appliance;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Authenticates an appliance from its {@code X-Osiris-Key} header before a byte of its body is read (401 otherwise);
 * the route's handler finds it with {@link #authenticated}.
 */
final class ApplianceAuthHandler implements Handler<RoutingContext> {

    private static final String APPLIANCE = "osiris.appliance";

    private final ApplianceAuth auth;

    ApplianceAuthHandler(ApplianceAuth auth) {
        this.auth = auth;
    }

    @Override
    public void handle(RoutingContext ctx) {
        auth.authenticate(ctx.request().getHeader(Api.API_KEY_HEADER))
                .onSuccess(appliance -> {
                    ctx.put(APPLIANCE, appliance);
                    ctx.next();
                })
                .onFailure(ctx::fail);
    }

    /** The appliance this handler authenticated earlier on the route. */
    static Future<Appliance> authenticated(RoutingContext ctx) {
        Appliance appliance = ctx.get(APPLIANCE);
        return appliance == null ? Future.failedFuture(new IllegalStateException("route without appliance auth"))
                : Future.succeededFuture(appliance);
    }
}
