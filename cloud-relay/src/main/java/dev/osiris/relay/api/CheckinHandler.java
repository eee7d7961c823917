package dev.osiris.relay.api;

import dev.osiris.protocol.Api;
import dev.osiris.protocol.checkin.CheckinRequest;
import dev.osiris.protocol.checkin.CheckinResponse;
import dev.osiris.protocol.checkin.Target;
import dev.osiris.protocol.evidence.ApplianceKey;
import dev.osiris.protocol.json.Json;
import dev.osiris.relay.RelayException;
import dev.osiris.relay.auth.ApplianceAuth;
import dev.osiris.relay.rollout.RolloutCheckins;
import dev.osiris.relay.store.Appliance;
import dev.osiris.relay.store.CheckinStore;
import dev.osiris.relay.store.CredentialCipher;
import dev.osiris.relay.store.Site;
import dev.osiris.relay.store.SiteConfig;
import dev.osiris.relay.store.SiteConfigCache;
import dev.osiris.relay.store.StoredCredential;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code POST /api/appliances/checkin}: for the appliance the route authenticated, checks the request's signature
 * and the key pin, stores the report and the incidents it raises (all or nothing), and answers with the appliance's
 * whole configuration and the resolutions it has not acknowledged yet. A report whose seq was answered already (an
 * outbox re-send or a replay) is answered without targets and credentials, saying so; so is a report that names the
 * site's current configuration version, since the appliance holds those credentials already (they are then neither
 * decrypted nor encoded again).
 */
final class CheckinHandler implements Handler<RoutingContext> {

    private final ApplianceAuth auth;
    private final CheckinStore checkins;
    private final SiteConfigCache configs;
    private final CredentialCipher cipher;
    private final Signatures signatures;
    private final Optional<String> defaultAlertRecipient;
    private final RolloutCheckins rollouts;
    private final CheckinBound bound;

    CheckinHandler(ApplianceAuth auth, CheckinStore checkins, SiteConfigCache configs, CredentialCipher cipher,
                   Signatures signatures, Optional<String> defaultAlertRecipient, RolloutCheckins rollouts,
                   CheckinBound bound) {
        this.rollouts = rollouts;
        this.bound = bound;
        this.auth = auth;
        this.checkins = checkins;
        this.configs = configs;
        this.cipher = cipher;
        this.signatures = signatures;
        this.defaultAlertRecipient = defaultAlertRecipient;
    }

    @Override
    public void handle(RoutingContext ctx) {
        byte[] body = Responses.body(ctx);
        long deadline = bound.deadline();
        String signature = ctx.request().getHeader(Api.SIGNATURE_HEADER);
        String timestamp = ctx.request().getHeader(Api.TIMESTAMP_HEADER);
        ApplianceAuthHandler.authenticated(ctx)
                .compose(appliance -> {
                    CheckinRequest report = CheckinRequest.fromJson(Json.parseObject(body, "checkin"));
                    ApplianceKey.PublicKey key = signatures.key(report.publicKey(), appliance.pinnedKey(),
                            "checkin.publicKey");
                    signatures.require("POST", Api.CHECKIN, timestamp, signature, body, key, "checkin.publicKey");
                    refuseFuture(report);
                    // the rollout step first: an update order it issues goes out in this very answer
                    return auth.requirePinned(appliance, key)
                            .compose(pinned -> rollouts.atCheckin(pinned.id(), report, relayBase(ctx))
                                    .compose(v -> answer(pinned, report, deadline)));
                })
                .compose(response -> Responses.json(ctx, 200, response.toJson()))
                .onFailure(failure -> bound.fail(ctx, failure));
    }

    /** The relay as the appliance reached it (scheme and authority), for the image URL of an update order. */
    private static String relayBase(RoutingContext ctx) {
        URI uri = URI.create(ctx.request().absoluteURI());
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }

    /** A report from the future beyond the signature window is a forgery or a broken clock; store nothing. */
    private void refuseFuture(CheckinRequest report) {
        Instant latest = signatures.now().plus(signatures.window());
        if (report.sentAt().isAfter(latest)) {
            throw RelayException.badRequest("checkin.sentAt " + report.sentAt() + " is in the future (the relay's"
                    + " clock allows up to " + latest + ")");
        }
    }

    private Future<CheckinResponse> answer(Appliance appliance, CheckinRequest report, long deadline) {
        Future<CheckinStore.Outcome> stored = checkins.record(appliance.id(), report, defaultAlertRecipient, deadline);
        Future<SiteConfig> config = configs.get(appliance.siteId());
        return Future.all(stored, config).map(all -> {
            SiteConfig site = config.result();
            CheckinStore.Outcome outcome = stored.result();
            if (!site.site().id().equals(appliance.siteId())) {
                throw new RelayException(500, "site mismatch");
            }
            Site s = site.site();
            boolean send = outcome.credentialsDue() && report.configVersion() != site.version();
            CheckinResponse response = new CheckinResponse(appliance.id(), s.id(), s.name(), signatures.now(),
                    s.checkinIntervalSeconds(), s.healingMode(), s.dryRun(), s.enabledRunbooks(),
                    send ? targets(site) : List.of(), outcome.pendingOrders(),
                    outcome.evidenceHead(), s.scanIntervalSeconds(), s.baseline(), outcome.resolutions(), false,
                    appliance.replaces(), site.version());
            return send ? response : response.withoutCredentials();
        });
    }

    private List<Target> targets(SiteConfig site) {
        List<Target> targets = new ArrayList<>(site.credentials().size());
        for (StoredCredential credential : site.credentials()) {
            targets.add(credential.toTarget(cipher));
        }
        return targets;
    }
}
