package dev.osiris.relay.api;

import dev.osiris.protocol.Api;
import dev.osiris.protocol.evidence.EvidenceBundle;
import dev.osiris.protocol.json.Json;
import dev.osiris.relay.store.EvidenceStore;
import io.vertx.core.Handler;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /api/evidence/bundles}: an appliance (authenticated by the route, its body read once) ships a run of
 * sealed records. Parsing and the request signature (bound to this route and a send-time timestamp, replays refused)
 * run on the verifier worker (bundles reach 16 MiB); the chain checks run in the store's transaction.
 */
final class EvidenceHandler implements Handler<RoutingContext> {

    private final EvidenceStore evidence;
    private final WorkerExecutor verifier;
    private final Signatures signatures;
    private final ApiMeters meters;

    EvidenceHandler(EvidenceStore evidence, WorkerExecutor verifier, Signatures signatures, ApiMeters meters) {
        this.evidence = evidence;
        this.verifier = verifier;
        this.signatures = signatures;
        this.meters = meters;
    }

    @Override
    public void handle(RoutingContext ctx) {
        byte[] body = Responses.body(ctx);
        String signature = ctx.request().getHeader(Api.SIGNATURE_HEADER);
        String timestamp = ctx.request().getHeader(Api.TIMESTAMP_HEADER);
        ApplianceAuthHandler.authenticated(ctx)
                .compose(appliance -> verifier.executeBlocking(() -> {
                    EvidenceBundle bundle = EvidenceBundle.fromJson(Json.parseObject(body, "bundle"));
                    signatures.require("POST", Api.EVIDENCE_BUNDLES, timestamp, signature, body,
                            signatures.key(bundle.publicKey(), appliance.pinnedKey(), "bundle.publicKey"),
                            "bundle.publicKey");
                    return bundle;
                }, false).compose(bundle -> evidence.append(appliance.id(), bundle)))
                .compose(appended -> {
                    meters.evidenceStored(appended.stored());
                    return Responses.json(ctx, 200, appended.toJson());
                })
                .onFailure(ctx::fail);
    }
}
