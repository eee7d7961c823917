package dev.osiris.relay.api;

import dev.osiris.protocol.json.Json;
import dev.osiris.relay.RelayException;
import dev.osiris.relay.auth.Permission;
import dev.osiris.relay.identity.SignIn;
import dev.osiris.relay.identity.Signup;
import dev.osiris.relay.identity.SignupStore;
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
    private final SignupStore signups;
    private final Sessions sessions;
    private final SessionCookie cookie;

    SignInRoutes(SignIn signIn, UserStore users, SignupStore signups, Sessions sessions, SessionCookie cookie) {
        this.signIn = signIn;
        this.users = users;
        this.signups = signups;
        this.sessions = sessions;
        this.cookie = cookie;
    }

    void mount(SecuredRoutes routes) {
        routes.get(AUTH + "/providers", Permission.PUBLIC).handler(this::providers);
        routes.get(AUTH + "/one-time/:token", Permission.PUBLIC).handler(RequestTargets::refuseControlCharacters)
                .handler(this::oneTime);
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
                        .compose(user -> user.isPresent() ? Future.succeededFuture(user.get())
                                : signups.arrive(done.identity()).map(arrival -> arrival.user()
                                        .orElseThrow(() -> notYet(arrival.signup()))))
                        .compose(user -> {
                            if (user.removedAt() != null) {
                                return Future.failedFuture(new RelayException(403, "this account was removed from"
                                        + " the portal; ask your partner's admin"));
                            }
                            return sessions.start(user);
                        })
                        .compose(started -> {
                            ctx.response().addCookie(cookie.issue(started.token()));
                            return redirect(ctx, done.next());
                        }))
                .onFailure(ctx::fail);
    }

    /** A one-time sign-in link (the demo's): a session for its user, then the portal. */
    private void oneTime(RoutingContext ctx) {
        signIn.redeem(ctx.pathParam("token"))
                .compose(userId -> users.get(dev.osiris.relay.store.Tenant.ANY, userId))
                .compose(user -> user.removedAt() != null
                        ? Future.failedFuture(new RelayException(403, "this account was removed from the portal"))
                        : sessions.start(user))
                .compose(started -> {
                    ctx.response().addCookie(cookie.issue(started.token()));
                    return redirect(ctx, "/portal");
                })
                .onFailure(ctx::fail);
    }

    /** Why a signed-in person gets no session yet: their signup waits, or was rejected. */
    private static RelayException notYet(Signup signup) {
        return new RelayException(403, switch (signup.status()) {
            case Signup.REJECTED -> "signed in with " + signup.provider() + ", but this sign-up was rejected";
            case Signup.PENDING -> "signed in with " + signup.provider() + "; this account is not a user of this"
                    + " relay yet: a platform admin has been told and will approve or reject it";
            default -> "signed in with " + signup.provider() + ", but this account is not a user of this relay";
        });
    }

    private static Future<Void> redirect(RoutingContext ctx, String location) {
        return ctx.response().setStatusCode(302).putHeader("Location", location)
                .putHeader("Cache-Control", "no-store").end();
    }
}
