package dev.osiris.relay.api;

import dev.osiris.protocol.Api;
import dev.osiris.relay.RelayException;
import dev.osiris.relay.auth.ApplianceAuth;
import dev.osiris.relay.auth.OperatorAuth;
import dev.osiris.relay.fleet.Fleet;
import dev.osiris.relay.incidents.Incidents;
import dev.osiris.relay.runbooks.SiteRunbooks;
import dev.osiris.relay.store.CheckinStore;
import dev.osiris.relay.store.CredentialCipher;
import dev.osiris.relay.store.EvidenceStore;
import dev.osiris.relay.store.IncidentStore;
import dev.osiris.relay.store.SiteConfigCache;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.sqlclient.Pool;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/** Builds the relay's HTTP router: appliance endpoints, the operator API, health, and the one failure handler. */
public final class ApiRouter {

    /** Everything the routes need, built once by the app. */
    public record Services(Pool pool, ApplianceAuth applianceAuth, OperatorAuth operatorAuth, CheckinStore checkins,
                           EvidenceStore evidence, SiteConfigCache configs, CredentialCipher cipher, Fleet fleet,
                           WorkerExecutor verifier, int checkinBodyLimit, int bundleBodyLimit,
                           IncidentStore incidentStore, Incidents incidents, SiteRunbooks runbooks,
                           Optional<String> defaultAlertRecipient, Duration signatureWindow) {
    }

    /** How many appliance signatures the replay window may hold: far above any fleet's rate, bounded in memory. */
    private static final int SIGNATURES_REMEMBERED = 200_000;

    private final Services services;

    public ApiRouter(Services services) {
        this.services = services;
    }

    public Router build(Vertx vertx) {
        Services s = services;
        Router router = Router.router(vertx);
        Signatures signatures = new Signatures(Clock.systemUTC(), s.signatureWindow(), SIGNATURES_REMEMBERED);
        router.get(Api.HEALTH).handler(new HealthHandler(s.pool()));
        router.post(Api.CHECKIN)
                .handler(BodyHandler.create(false).setBodyLimit(s.checkinBodyLimit()))
                .handler(new CheckinHandler(s.applianceAuth(), s.checkins(), s.configs(), s.cipher(), signatures,
                        s.defaultAlertRecipient()));
        router.post(Api.EVIDENCE_BUNDLES)
                .handler(BodyHandler.create(false).setBodyLimit(s.bundleBodyLimit()))
                .handler(new EvidenceHandler(s.applianceAuth(), s.evidence(), s.verifier(), signatures));
        new OperatorRoutes(s.operatorAuth(), s.fleet()).mount(router);
        new HealingRoutes(s.runbooks(), s.incidents(), s.checkins()).mount(router, Api.SITES + "/:siteId");
        router.route().handler(ctx -> ctx.fail(RelayException.notFound(
                "no such endpoint: " + ctx.request().method() + " " + ctx.request().path())));
        router.route().failureHandler(new FailureHandler());
        return router;
    }
}
