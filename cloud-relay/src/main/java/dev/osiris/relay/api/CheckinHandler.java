package dev.osiris.relay.api;

import dev.osiris.protocol.Api;
import dev.osiris.protocol.checkin.CheckinRequest;
import dev.osiris.protocol.checkin.CheckinResponse;
import dev.osiris.protocol.checkin.Resolution;
import dev.osiris.protocol.checkin.Target;
import dev.osiris.protocol.json.Json;
import dev.osiris.relay.RelayException;
import dev.osiris.relay.auth.ApplianceAuth;
import dev.osiris.relay.store.Appliance;
import dev.osiris.relay.store.CheckinStore;
import dev.osiris.relay.store.CredentialCipher;
import dev.osiris.relay.store.IncidentStore;
import dev.osiris.relay.store.Site;
import dev.osiris.relay.store.SiteConfig;
import dev.osiris.relay.store.SiteConfigCache;
import dev.osiris.relay.store.StoredCredential;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code POST /api/appliances/checkin}: for the appliance the route authenticated, checks the body's signature and
 * the key pin, stores the report and the incidents it raises, and answers with the appliance's whole configuration
 * and the resolutions it has not acknowledged yet.
 */
final class CheckinHandler implements Handler<RoutingContext> {

    private final ApplianceAuth auth;
    private final CheckinStore checkins;
    private final SiteConfigCache configs;
    private final CredentialCipher cipher;
    private final IncidentStore incidents;
    private final Optional<String> defaultAlertRecipient;

    CheckinHandler(ApplianceAuth auth, CheckinStore checkins, SiteConfigCache configs, CredentialCipher cipher,
                   IncidentStore incidents, Optional<String> defaultAlertRecipient) {
        this.auth = auth;
        this.checkins = checkins;
        this.configs = configs;
        this.cipher = cipher;
        this.incidents = incidents;
        this.defaultAlertRecipient = defaultAlertRecipient;
    }

    @Override
    public void handle(RoutingContext ctx) {
        byte[] body = Responses.body(ctx);
        String signature = ctx.request().getHeader(Api.SIGNATURE_HEADER);
        ApplianceAuthHandler.authenticated(ctx)
                .compose(appliance -> {
                    CheckinRequest report = CheckinRequest.fromJson(Json.parseObject(body));
                    Signatures.require(body, signature, report.publicKey(), "checkin.publicKey");
                    return auth.requirePinned(appliance, report.publicKey())
                            .compose(pinned -> answer(pinned, report));
                })
                .compose(response -> Responses.json(ctx, 200, response.toJson()))
                .onFailure(ctx::fail);
    }

    private Future<CheckinResponse> answer(Appliance appliance, CheckinRequest report) {
        Future<CheckinStore.Outcome> stored = checkins.record(appliance.id(), report);
        Future<SiteConfig> config = configs.get(appliance.siteId());
        Future<List<Resolution>> resolutions = incidents.receive(appliance.id(), report.incidents(),
                report.ackedResolutions(), defaultAlertRecipient);
        return Future.all(stored, config, resolutions).map(all -> {
            SiteConfig site = config.result();
            CheckinStore.Outcome outcome = stored.result();
            List<Target> targets = new ArrayList<>(site.credentials().size());
            for (StoredCredential credential : site.credentials()) {
                targets.add(credential.toTarget(cipher));
            }
            if (!site.site().id().equals(appliance.siteId())) {
                throw new RelayException(500, "site mismatch");
            }
            Site s = site.site();
            return new CheckinResponse(appliance.id(), s.id(), s.name(), Instant.now(), s.checkinIntervalSeconds(),
                    s.healingMode(), s.dryRun(), s.enabledRunbooks(), targets, outcome.pendingOrders(),
                    outcome.evidenceHead(), s.scanIntervalSeconds(), s.baseline(), resolutions.result());
        });
    }
}
