package dev.osiris.relay.api;

import dev.osiris.protocol.json.Json;
import dev.osiris.relay.RelayException;
import dev.osiris.relay.auth.Permission;
import dev.osiris.relay.identity.SignIn;
import dev.osiris.relay.identity.UserStore;
import dev.osiris.relay.session.SessionCookie;
import dev.osiris.relay.session.Sessions;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

/**
 * Sign-in with an OpenID provider: {@code /auth/:provider} sends the browser to the provider,
 * {@code /auth/:provider/callback} finishes the flow and, for a known and active person, starts a session with a
 * new token and sends the browser to the flow's local {@code next}. Public: they are how one signs in.
 */
final class SignInRoutes {

    static final String AUTH = "/auth";

    private final SignIn signIn;
    private final UserStore users;
    private final Sessions sessions;
    private final SessionCookie cookie;

    SignInRoutes(SignIn signIn, UserStore users, Sessions sessions, SessionCookie cookie) {
        this.signIn = signIn;
        this.users = users;
        this.sessions = sessions;
        this.cookie = cookie;
    }

    void mount(SecuredRoutes routes) {
        routes.get(AUTH + "/providers", Permission.PUBLIC).handler(this::providers);
        routes.get(AUTH + "/:provider", Permission.PUBLIC).handler(RequestTargets::refuseControlCharacters)
                .handler(this::begin);
        routes.get(AUTH + "/:provider/callback", Permission.PUBLIC).handler(RequestTargets::refuseControlCharacters)
                .handler(this::callback);
    }

    private void providers(RoutingContext ctx) {
        var json = Json.object();
        var list = json.putArray("providers");
        signIn.providers().forEach(p -> list.addObject().put("name", p.name()).put("label", p.label())
                .put("start", AUTH + "/" + p.name()));
        Responses.json(ctx, 200, json).onFailure(ctx::fail);
    }

    private void begin(RoutingContext ctx) {
        signIn.begin(ctx.pathParam("provider"), ctx.queryParams().get("next"))
                .compose(url -> redirect(ctx, url))
                .onFailure(ctx::fail);
    }

    private void callback(RoutingContext ctx) {
        var q = ctx.queryParams();
        signIn.finish(ctx.pathParam("provider"), q.get("state"), q.get("code"), q.get("error"))
                .compose(done -> users.byIdentity(done.identity().issuer(), done.identity().subject())
                        .compose(user -> {
                            if (user.isEmpty() || user.get().removedAt() != null) {
                                return Future.failedFuture(new RelayException(403, "signed in with "
                                        + done.identity().provider() + ", but this account is not a user of this"
                                        + " relay (yet): ask your partner's admin or the relay's operator"));
                            }
                            return sessions.start(user.get());
                        })
                        .compose(started -> {
                            ctx.response().addCookie(cookie.issue(started.token()));
                            return redirect(ctx, done.next());
                        }))
                .onFailure(ctx::fail);
    }

    private static Future<Void> redirect(RoutingContext ctx, String location) {
        return ctx.response().setStatusCode(302).putHeader("Location", location)
                .putHeader("Cache-Control", "no-store").end();
    }
}
