package dev.osiris.relay.portal;

import dev.osiris.relay.api.SecuredRoutes;
import dev.osiris.relay.auth.Principal;
import dev.osiris.relay.auth.Role;
import dev.osiris.relay.store.Tenant;
import io.vertx.ext.web.RoutingContext;

import java.util.HashMap;
import java.util.Map;

/**
 * How the portal answers a browser: a page rendered with the signed-in person, the CSRF field and the portal's
 * security headers, or a redirect; a change's audit row is written before either (see
 * {@link SecuredRoutes#beforeAnswer}).
 */
final class PageAnswers {

    // read per answer: a router built only to list its routes has no services
    private final PortalPages.Services services;

    PageAnswers(PortalPages.Services services) {
        this.services = services;
    }

    static Tenant tenant(RoutingContext ctx) {
        return SecuredRoutes.principal(ctx).tenant();
    }

    void page(RoutingContext ctx, String template, Map<String, Object> variables) {
        Map<String, Object> v = new HashMap<>(variables);
        Principal me = SecuredRoutes.principal(ctx);
        v.put("me", me);
        v.put("csrf", me == null || me.csrfToken() == null ? "" : me.csrfToken());
        v.put("csrfField", SecuredRoutes.CSRF_FIELD);
        v.put("teamAdmin", me != null && me.role() == Role.ADMIN);
        String html = services.templates().render(template, v);
        SecurityHeaders.apply(ctx.response(), services.tls()).putHeader("Content-Type", "text/html; charset=utf-8").end(html);
    }

    /** A page that answers a change itself (a new key shown once): the change is audited with {@code status}. */
    void changedPage(RoutingContext ctx, int status, String template, Map<String, Object> variables) {
        SecuredRoutes.beforeAnswer(ctx, status)
                .onSuccess(v -> {
                    ctx.response().setStatusCode(status);
                    page(ctx, template, variables);
                })
                .onFailure(ctx::fail);
    }

    static void redirect(RoutingContext ctx, int status, String location) {
        SecuredRoutes.beforeAnswer(ctx, status)
                .compose(v -> ctx.response().setStatusCode(status).putHeader("Location", location)
                        .putHeader("Cache-Control", "no-store").end())
                .onFailure(ctx::fail);
    }
}
