package dev.osiris.relay.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.protocol.json.Json;
import dev.osiris.relay.auth.Permission;
import dev.osiris.relay.auth.Principal;
import dev.osiris.relay.session.SessionCookie;
import dev.osiris.relay.session.Sessions;
import io.vertx.ext.web.RoutingContext;

/** Who am I, and sign-out: for any signed-in person or partner key. */
final class SessionRoutes {

    static final String ME = "/api/me";
    static final String SIGN_OUT = "/api/session/sign-out";

    private final Sessions sessions;
    private final SessionCookie cookie;

    SessionRoutes(Sessions sessions, SessionCookie cookie) {
        this.sessions = sessions;
        this.cookie = cookie;
    }

    void mount(SecuredRoutes routes) {
        routes.get(ME, Permission.SIGNED_IN).handler(this::me);
        routes.post(SIGN_OUT, Permission.SIGNED_IN).handler(this::signOut);
    }

    /** The principal, and the CSRF token a cookie-authenticated page sends with its changes. */
    private void me(RoutingContext ctx) {
        Principal p = SecuredRoutes.principal(ctx);
        ObjectNode json = Json.object().put("kind", p.kind().name().toLowerCase(java.util.Locale.ROOT))
                .put("id", p.id()).put("name", p.name())
                .put("partnerId", p.tenant() == null ? null : p.tenant().partnerId())
                .put("role", p.role() == null ? null : p.role().wire());
        if (p.byCookie()) {
            json.put("csrfToken", p.csrfToken());
        }
        Responses.json(ctx, 200, json).onFailure(ctx::fail);
    }

    /** Ends the cookie's session at the server (a stolen copy of the cookie fails from now on) and clears it. */
    private void signOut(RoutingContext ctx) {
        String token = cookie.read(ctx.request());
        sessions.end(token)
                .compose(v -> {
                    ctx.response().addCookie(cookie.clear());
                    return Responses.noContent(ctx);
                })
                .onFailure(ctx::fail);
    }
}
