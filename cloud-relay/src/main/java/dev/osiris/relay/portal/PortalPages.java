package dev.osiris.relay.portal;

import dev.osiris.protocol.json.Json;
import dev.osiris.relay.RelayException;
import dev.osiris.relay.api.SecuredRoutes;
import dev.osiris.relay.auth.Permission;
import dev.osiris.relay.auth.Principal;
import dev.osiris.relay.auth.Role;
import dev.osiris.relay.fleet.Fleet;
import dev.osiris.relay.identity.SignIn;
import dev.osiris.relay.identity.SignupStore;
import dev.osiris.relay.identity.UserStore;
import dev.osiris.relay.incidents.Incidents;
import dev.osiris.relay.runbooks.SiteRunbooks;
import dev.osiris.relay.session.SessionCookie;
import dev.osiris.relay.session.Sessions;
import dev.osiris.relay.store.CheckinStore;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

import static dev.osiris.relay.portal.PageAnswers.redirect;
import static dev.osiris.relay.portal.PageAnswers.tenant;

/**
 * The portal's web pages under {@code /portal}: sign-in, dashboard, a site, the team, the platform admin's page,
 * and the forms they post (each answered by a 303 back to its page, audited as a change). Every page declares its
 * permission like any API route; a page is the same authorization as the API behind it.
 */
public final class PortalPages {

    public static final String PORTAL = "/portal";

    /** What the pages read and change, built once by the app. */
    public record Services(Fleet fleet, Incidents incidents, CheckinStore checkins, SiteRunbooks runbooks,
                           UserStore users, SignupStore signups, SignIn signIn, Sessions sessions,
                           SessionCookie cookie, PortalQueries queries, boolean tls, Templates templates,
                           byte[] css) {
    }

    /** The stylesheet, read once at start (on a worker). */
    public static byte[] loadCss() {
        try (InputStream in = PortalPages.class.getClassLoader().getResourceAsStream("portal/portal.css")) {
            return in == null ? new byte[0] : in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("portal/portal.css cannot be read", e);
        }
    }

    private final Services s;
    private final PageAnswers answers;

    public PortalPages(Services services) {
        this.s = services;
        this.answers = new PageAnswers(services);
    }

    public void mount(SecuredRoutes routes) {
        String site = PORTAL + "/sites/:siteId";
        routes.get(PORTAL + "/sign-in", Permission.PUBLIC).handler(this::signIn);
        routes.get(PORTAL + "/static/portal.css", Permission.PUBLIC).handler(this::css);
        routes.get(PORTAL, Permission.SIGNED_IN).handler(this::home);
        routes.post(PORTAL + "/sign-out", Permission.SIGNED_IN).handler(this::signOut);
        routes.get(PORTAL + "/sites", Permission.SITE_READ).handler(this::dashboard);
        new SitePage(s, answers).mount(routes, site);
        new TeamPage(s, answers).mount(routes);
        routes.get(PORTAL + "/platform", Permission.PLATFORM_ADMIN).handler(this::platform);
        routes.post(PORTAL + "/platform/signups/:signupId/approve", Permission.PLATFORM_ADMIN).handler(this::approve);
        routes.post(PORTAL + "/platform/signups/:signupId/reject", Permission.PLATFORM_ADMIN).handler(this::reject);
        routes.post(PORTAL + "/platform/allow-list", Permission.PLATFORM_ADMIN).handler(this::allow);
    }

    // --- pages -------------------------------------------------------------------------------------------------

    private void signIn(RoutingContext ctx) {
        answers.page(ctx, "sign-in", Map.of("providers",
                s.signIn() == null ? java.util.List.of() : s.signIn().providers()));
    }

    private void css(RoutingContext ctx) {
        ctx.response().putHeader("Content-Type", "text/css; charset=utf-8").putHeader("Cache-Control", "max-age=3600")
                .putHeader("X-Content-Type-Options", "nosniff").end(io.vertx.core.buffer.Buffer.buffer(s.css()));
    }

    private void home(RoutingContext ctx) {
        Principal p = SecuredRoutes.principal(ctx);
        redirect(ctx, 302, p.kind() == Principal.Kind.PLATFORM_ADMIN ? PORTAL + "/platform" : PORTAL + "/sites");
    }

    private void dashboard(RoutingContext ctx) {
        s.queries().dashboard(tenant(ctx))
                .onSuccess(sites -> answers.page(ctx, "dashboard", Map.of("sites", sites)))
                .onFailure(ctx::fail);
    }

    private void platform(RoutingContext ctx) {
        Future.all(s.signups().list("pending"), s.signups().allowList(), s.signups().approvalRequired(),
                        s.fleet().partners())
                .onSuccess(all -> answers.page(ctx, "platform", Map.of("signups", all.resultAt(0),
                        "domains", all.resultAt(1), "approvalRequired", all.resultAt(2), "partners", all.resultAt(3))))
                .onFailure(ctx::fail);
    }

    // --- forms -------------------------------------------------------------------------------------------------

    private void approve(RoutingContext ctx) {
        Map<String, String> form = SecuredRoutes.form(ctx);
        Role role = Role.parse(form.getOrDefault("role", ""));
        String partner = form.getOrDefault("partnerId", "");
        if (partner.isBlank()) {
            throw RelayException.badRequest("choose the partner to approve into");
        }
        SecuredRoutes.auditDetails(ctx, Json.object().put("partnerId", partner).put("role", role.wire()));
        s.signups().approve(ctx.pathParam("signupId"), partner, role, SecuredRoutes.principal(ctx).actor())
                .onSuccess(u -> redirect(ctx, 303, PORTAL + "/platform"))
                .onFailure(ctx::fail);
    }

    private void reject(RoutingContext ctx) {
        s.signups().reject(ctx.pathParam("signupId"), SecuredRoutes.principal(ctx).actor())
                .onSuccess(u -> redirect(ctx, 303, PORTAL + "/platform"))
                .onFailure(ctx::fail);
    }

    private void allow(RoutingContext ctx) {
        Map<String, String> form = SecuredRoutes.form(ctx);
        Role role = Role.parse(form.getOrDefault("role", "readonly"));
        s.signups().allow(form.get("domain"), form.getOrDefault("partnerId", ""), role,
                        SecuredRoutes.principal(ctx).actor())
                .onSuccess(e -> redirect(ctx, 303, PORTAL + "/platform"))
                .onFailure(ctx::fail);
    }

    private void signOut(RoutingContext ctx) {
        s.sessions().end(s.cookie().read(ctx.request()))
                .onSuccess(v -> {
                    ctx.response().addCookie(s.cookie().clear());
                    redirect(ctx, 303, PORTAL + "/sign-in");
                })
                .onFailure(ctx::fail);
    }
}
