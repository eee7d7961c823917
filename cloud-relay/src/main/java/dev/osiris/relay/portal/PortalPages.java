package dev.osiris.relay.portal;

import com.fasterxml.jackson.databind.node.ObjectNode;
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
import dev.osiris.relay.incidents.ResolveRequest;
import dev.osiris.relay.runbooks.SiteRunbooks;
import dev.osiris.relay.session.SessionCookie;
import dev.osiris.relay.session.Sessions;
import dev.osiris.relay.store.CheckinStore;
import dev.osiris.relay.store.CredentialSpec;
import dev.osiris.relay.store.SitePatch;
import dev.osiris.relay.store.Tenant;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;

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

    public PortalPages(Services services) {
        this.s = services;
    }

    public void mount(SecuredRoutes routes) {
        String site = PORTAL + "/sites/:siteId";
        routes.get(PORTAL + "/sign-in", Permission.PUBLIC).handler(this::signIn);
        routes.get(PORTAL + "/static/portal.css", Permission.PUBLIC).handler(this::css);
        routes.get(PORTAL, Permission.SIGNED_IN).handler(this::home);
        routes.post(PORTAL + "/sign-out", Permission.SIGNED_IN).handler(this::signOut);
        routes.get(PORTAL + "/sites", Permission.SITE_READ).handler(this::dashboard);
        routes.get(site, Permission.SITE_READ).handler(this::site);
        routes.post(site + "/credentials", Permission.SITE_WRITE).handler(this::addCredential);
        routes.post(site + "/credentials/:credentialId/delete", Permission.SITE_WRITE).handler(this::deleteCredential);
        routes.post(site + "/incidents/:incidentId/resolve", Permission.SITE_WRITE).handler(this::resolve);
        routes.post(site + "/settings", Permission.SITE_WRITE).handler(this::settings);
        routes.get(PORTAL + "/team", Permission.TEAM_ADMIN).handler(this::team);
        routes.get(PORTAL + "/platform", Permission.PLATFORM_ADMIN).handler(this::platform);
        routes.post(PORTAL + "/platform/signups/:signupId/approve", Permission.PLATFORM_ADMIN).handler(this::approve);
        routes.post(PORTAL + "/platform/signups/:signupId/reject", Permission.PLATFORM_ADMIN).handler(this::reject);
        routes.post(PORTAL + "/platform/allow-list", Permission.PLATFORM_ADMIN).handler(this::allow);
    }

    // --- pages -------------------------------------------------------------------------------------------------

    private void signIn(RoutingContext ctx) {
        page(ctx, "sign-in", Map.of("providers", s.signIn() == null ? java.util.List.of() : s.signIn().providers()));
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
                .onSuccess(sites -> page(ctx, "dashboard", Map.of("sites", sites)))
                .onFailure(ctx::fail);
    }

    private void site(RoutingContext ctx) {
        Tenant t = tenant(ctx);
        String id = ctx.pathParam("siteId");
        s.fleet().site(t, id).compose(site -> Future.all(s.fleet().appliances(t, id), s.fleet().credentials(t, id),
                        s.incidents().list(t, id, "open"), s.checkins().compliance(t, id), s.queries().history(t, id),
                        s.runbooks().view(t, id))
                .map(all -> {
                    Map<String, Object> v = new HashMap<>();
                    v.put("site", site);
                    v.put("appliances", all.resultAt(0));
                    v.put("credentials", all.resultAt(1));
                    v.put("incidents", all.resultAt(2));
                    v.put("compliance", all.resultAt(3));
                    v.put("chart", ScoreChart.lines(all.resultAt(4)));
                    v.put("chartWidth", ScoreChart.WIDTH);
                    v.put("chartHeight", ScoreChart.HEIGHT);
                    v.put("runbooks", ((ObjectNode) all.resultAt(5)).toPrettyString());
                    return v;
                }))
                .onSuccess(v -> page(ctx, "site", v))
                .onFailure(ctx::fail);
    }

    private void team(RoutingContext ctx) {
        Tenant t = tenant(ctx);
        Future.all(s.users().list(t), s.fleet().keys(t))
                .onSuccess(all -> page(ctx, "team", Map.of("users", all.resultAt(0), "keys", all.resultAt(1))))
                .onFailure(ctx::fail);
    }

    private void platform(RoutingContext ctx) {
        Future.all(s.signups().list("pending"), s.signups().allowList(), s.signups().approvalRequired(),
                        s.fleet().partners())
                .onSuccess(all -> page(ctx, "platform", Map.of("signups", all.resultAt(0), "domains", all.resultAt(1),
                        "approvalRequired", all.resultAt(2), "partners", all.resultAt(3))))
                .onFailure(ctx::fail);
    }

    // --- forms -------------------------------------------------------------------------------------------------

    private void addCredential(RoutingContext ctx) {
        Map<String, String> form = SecuredRoutes.form(ctx);
        ObjectNode json = Json.object().put("host", form.getOrDefault("host", ""))
                .put("transport", form.getOrDefault("transport", ""))
                .put("account", form.getOrDefault("account", "")).put("secret", form.getOrDefault("secret", ""));
        CredentialSpec spec = CredentialSpec.fromJson(json);
        String siteId = ctx.pathParam("siteId");
        s.fleet().addCredential(tenant(ctx), siteId, spec, "operator:" + SecuredRoutes.principal(ctx).name())
                .onSuccess(id -> redirect(ctx, 303, PORTAL + "/sites/" + siteId))
                .onFailure(ctx::fail);
    }

    private void deleteCredential(RoutingContext ctx) {
        String siteId = ctx.pathParam("siteId");
        s.fleet().deleteCredential(tenant(ctx), siteId, ctx.pathParam("credentialId"))
                .onSuccess(v -> redirect(ctx, 303, PORTAL + "/sites/" + siteId))
                .onFailure(ctx::fail);
    }

    private void resolve(RoutingContext ctx) {
        Map<String, String> form = SecuredRoutes.form(ctx);
        ObjectNode json = Json.object().put("action", form.getOrDefault("action", "manual"))
                .put("note", form.getOrDefault("note", ""));
        if (form.containsKey("runbookId") && !form.get("runbookId").isBlank()) {
            json.put("runbookId", form.get("runbookId"));
        }
        String siteId = ctx.pathParam("siteId");
        s.incidents().resolve(tenant(ctx), siteId, ctx.pathParam("incidentId"), ResolveRequest.fromJson(json),
                        SecuredRoutes.principal(ctx).name())
                .onSuccess(i -> redirect(ctx, 303, PORTAL + "/sites/" + siteId))
                .onFailure(ctx::fail);
    }

    private void settings(RoutingContext ctx) {
        Map<String, String> form = SecuredRoutes.form(ctx);
        ObjectNode json = Json.object().put("healingMode", form.getOrDefault("healingMode", "standard"))
                .put("dryRun", "on".equals(form.get("dryRun")));
        String siteId = ctx.pathParam("siteId");
        s.fleet().updateSite(tenant(ctx), siteId, SitePatch.fromJson(json))
                .onSuccess(site -> redirect(ctx, 303, PORTAL + "/sites/" + siteId))
                .onFailure(ctx::fail);
    }

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

    // --- helpers -----------------------------------------------------------------------------------------------

    private static Tenant tenant(RoutingContext ctx) {
        return SecuredRoutes.principal(ctx).tenant();
    }

    private void page(RoutingContext ctx, String template, Map<String, Object> variables) {
        Map<String, Object> v = new HashMap<>(variables);
        Principal me = SecuredRoutes.principal(ctx);
        v.put("me", me);
        v.put("csrf", me == null ? "" : me.csrfToken() == null ? "" : me.csrfToken());
        v.put("csrfField", SecuredRoutes.CSRF_FIELD);
        v.put("teamAdmin", me != null && me.role() == Role.ADMIN);
        String html = s.templates().render(template, v);
        SecurityHeaders.apply(ctx.response(), s.tls()).putHeader("Content-Type", "text/html; charset=utf-8")
                .end(html);
    }

    private static void redirect(RoutingContext ctx, int status, String location) {
        SecuredRoutes.beforeAnswer(ctx, status)
                .compose(v -> ctx.response().setStatusCode(status).putHeader("Location", location)
                        .putHeader("Cache-Control", "no-store").end())
                .onFailure(ctx::fail);
    }
}
