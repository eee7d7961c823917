package dev.osiris.relay.api;

import dev.osiris.protocol.Api;
import dev.osiris.protocol.json.Json;
import dev.osiris.relay.audit.AuditLog;
import dev.osiris.relay.auth.ApplianceAuth;
import dev.osiris.relay.auth.Permission;
import dev.osiris.relay.auth.OperatorAuth;
import dev.osiris.relay.fleet.Fleet;
import dev.osiris.relay.identity.SignIn;
import dev.osiris.relay.identity.SignupStore;
import dev.osiris.relay.identity.UserStore;
import dev.osiris.relay.incidents.Incidents;
import dev.osiris.relay.session.SessionCookie;
import dev.osiris.relay.session.Sessions;
import dev.osiris.relay.portal.PortalPages;
import dev.osiris.relay.rollout.FleetUpdates;
import dev.osiris.relay.runbooks.SiteRunbooks;
import dev.osiris.relay.store.CheckinStore;
import dev.osiris.relay.store.CredentialCipher;
import dev.osiris.relay.store.EvidenceStore;
import dev.osiris.relay.store.IncidentStore;
import dev.osiris.relay.store.SiteConfigCache;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Builds the relay's HTTP router: appliance endpoints, the partner API, the team, session and platform routes,
 * health, and the one failure handler. Every route is added through {@link SecuredRoutes} with its permission.
 */
public final class ApiRouter {

    /** Everything the routes need, built once by the app. */
    public record Services(Pool pool, ApplianceAuth applianceAuth, OperatorAuth operatorAuth, CheckinStore checkins,
                           EvidenceStore evidence, SiteConfigCache configs, CredentialCipher cipher, Fleet fleet,
                           WorkerExecutor verifier, int checkinBodyLimit, int bundleBodyLimit,
                           IncidentStore incidentStore, Incidents incidents, SiteRunbooks runbooks,
                           Optional<String> defaultAlertRecipient, Duration signatureWindow, HttpEdgeConfig http,
                           Clock clock, ApiMeters meters, UserStore users, Sessions sessions,
                           SessionCookie cookie, AuditLog audit, SignIn signIn,
                           SignupStore signups, PortalPages.Services portal,
                           FleetUpdates updates) {
    }

    static final String JSON = "application/json";
    /**
     * How many appliance signatures the replay window may hold, bounded in memory (16 to 32 bytes each, see
     * {@link Signatures}): at 5,000 check-ins/s a signature is held for the default 60 s window plus a slice
     * (about 335,000), and up to twice the window when appliances sign ahead of the relay's clock (about 635,000).
     * Past the bound, requests are refused 503 with Retry-After; a window of 5 minutes reaches it at ~2,600/s.
     */
    private static final int SIGNATURES_REMEMBERED = 800_000;

    private final Services services;
    private final BodyBudget budget;
    private final SourceCounts sources;
    private final ClientErrorLog errors = new ClientErrorLog();
    // one replay cache for every server instance: a replay sent to another event loop's instance is still refused
    private final Signatures signatures;
    // one bound for every server instance: it protects the one database behind them
    private final CheckinBound checkinBound;

    public ApiRouter(Services services) {
        this.services = services;
        this.signatures = new Signatures(services.clock(), services.signatureWindow(), SIGNATURES_REMEMBERED);
        this.checkinBound = new CheckinBound(services.http().maxCheckinsInFlight(),
                services.http().retryAfter().toSeconds(), services.http().maxCheckinQueue(), services.meters());
        this.budget = new BodyBudget(services.http().bodyBytesInFlight());
        this.sources = new SourceCounts(services.http().maxConnectionsPerSource());
    }

    /** The connection rules of one server instance; they share the per-source counts and the error log. */
    ConnectionGuard connectionGuard(Vertx vertx) {
        return new ConnectionGuard(vertx, services.http().headerTimeout(), sources, errors);
    }

    /**
     * Every route takes its key from the headers before its body: routes with a JSON body gate the body (413 by
     * Content-Length, paused), authenticate (401), then read it within the budget (503) and the body deadline (408).
     * A path no route knows is 404; a known path with another method 405 with {@code Allow}; a JSON route with
     * another Content-Type 415.
     */
    public Router build(Vertx vertx) {
        Services s = services;
        BodyIntake intake = new BodyIntake(vertx, budget, s.http().bodyTimeout(), errors);
        ApplianceAuthHandler appliance = new ApplianceAuthHandler(s.applianceAuth());
        Router router = Router.router(vertx);
        SecuredRoutes routes = new SecuredRoutes(router, s.operatorAuth(), s.sessions(), s.cookie(), s.audit(),
                intake, OperatorRoutes.BODY_LIMIT);
        routes.get(Api.HEALTH, Permission.PUBLIC).handler(new HealthHandler(s.pool()));
        routes.post(Api.CHECKIN, Permission.APPLIANCE).consumes(JSON)
                .handler(checkinBound)
                .handler(intake.gate(s.checkinBodyLimit()))
                .handler(appliance)
                .handler(intake.read(s.checkinBodyLimit()))
                .handler(new CheckinHandler(s.applianceAuth(), s.checkins(), s.configs(), s.cipher(), signatures,
                        s.defaultAlertRecipient(), s.updates().checkins(), checkinBound));
        routes.post(Api.EVIDENCE_BUNDLES, Permission.APPLIANCE).consumes(JSON)
                .handler(intake.gate(s.bundleBodyLimit()))
                .handler(appliance)
                .handler(intake.read(s.bundleBodyLimit()))
                .handler(new EvidenceHandler(s.evidence(), s.verifier(), signatures, s.meters()));
        new OperatorRoutes(s.fleet(), intake).mount(routes);
        new HealingRoutes(s.runbooks(), s.incidents(), s.checkins(), intake).mount(routes, Api.SITES + "/:siteId");
        new TeamRoutes(s.fleet(), s.users(), s.audit(), intake).mount(routes);
        new SessionRoutes(s.sessions(), s.cookie()).mount(routes);
        new PlatformRoutes(s.fleet(), s.users(), s.signups(), intake).mount(routes);
        new SignInRoutes(s.signIn(), s.users(), s.signups(), s.sessions(), s.cookie()).mount(routes);
        new PortalPages(s.portal()).mount(routes);
        new ReleaseRoutes(s.applianceAuth(), signatures, s.updates().releases(), intake).mount(routes);
        new RolloutRoutes(s.updates().rollouts(), intake).mount(routes);
        new FleetSettingsRoutes(s.updates().rollouts(), intake).mount(routes);
        AllowedMethods allowed = AllowedMethods.of(router);
        router.errorHandler(404, ctx -> Refusals.send(ctx, 404, Json.object().put("error",
                "no such endpoint: " + ctx.request().method() + " " + ctx.request().path())));
        router.errorHandler(405, ctx -> {
            String allow = allowed.allow(ctx.request().path());
            ctx.response().putHeader("Allow", allow);
            Refusals.send(ctx, 405, Json.object().put("error", ctx.request().method() + " is not allowed on "
                    + ctx.request().path() + "; allowed: " + allow));
        });
        router.errorHandler(415, ctx -> Refusals.send(ctx, 415, Json.object().put("error",
                "Content-Type must be " + JSON + ", got " + describe(ctx.request().getHeader("Content-Type")))));
        routes.failureHandler(new FailureHandler());
        return router;
    }

    /** Check-ins being worked on now. */
    public int checkinsInFlight() {
        return checkinBound.inFlight();
    }

    /** Check-ins refused 503 since start: at the in-flight bound, past the queue-time bound. */
    public long checkinsShed() {
        return checkinBound.shed();
    }

    private static String describe(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return "none";
        }
        String clean = contentType.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 100 ? clean.substring(0, 100) + "..." : clean;
    }
}
