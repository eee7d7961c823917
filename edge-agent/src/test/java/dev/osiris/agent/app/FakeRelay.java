package dev.osiris.agent.app;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.agent.config.AgentConfig;
import dev.osiris.agent.evidence.EvidenceSync;
import dev.osiris.protocol.Api;
import dev.osiris.protocol.RequestSignature;
import dev.osiris.protocol.checkin.CheckinRequest;
import dev.osiris.protocol.checkin.CheckinResponse;
import dev.osiris.protocol.checkin.EvidenceHead;
import dev.osiris.protocol.checkin.HealingMode;
import dev.osiris.protocol.checkin.Secret;
import dev.osiris.protocol.checkin.Target;
import dev.osiris.protocol.checkin.Transport;
import dev.osiris.protocol.evidence.ApplianceKey;
import dev.osiris.protocol.evidence.ChainVerifier;
import dev.osiris.protocol.evidence.EvidenceBundle;
import dev.osiris.protocol.evidence.EvidenceRecord;
import dev.osiris.protocol.json.Json;
import dev.osiris.testing.TestFiles;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.osiris.testing.Await.await;

/**
 * A small relay for component tests: checks the API key and the request signature (pinning the appliance key at
 * the first check-in), records check-in reports and keeps an evidence chain with the relay contract's
 * 200/409/422 answers (a bundle is stored whole or not at all). It can be switched "down" (it then drops
 * connections), made to refuse some reports as malformed (400), to withhold credentials as the relay does for
 * a report it answered before, to send orders, and to answer busy (503/429 with a Retry-After).
 */
final class FakeRelay {

    static final String API_KEY = "test-api-key";
    static final String SECRET = "hunter2-SUPER-SECRET";

    final List<Long> checkinSeqs = new CopyOnWriteArrayList<>();
    final List<CheckinRequest> reports = new CopyOnWriteArrayList<>();
    final ConcurrentSkipListMap<Long, EvidenceRecord> evidence = new ConcurrentSkipListMap<>();
    final Map<Long, Integer> uploadsOfSeq = new ConcurrentHashMap<>();
    volatile List<Target> targets = List.of(new Target("cred-1", "dc01.clinic.local", Transport.WINRM, 5986, true,
            "ntlm", "CLINIC\\svc-osiris", new Secret(SECRET), null));
    volatile boolean down;
    volatile java.util.Optional<dev.osiris.protocol.checkin.ReplacedChain> replaces = java.util.Optional.empty();
    volatile long refuseSeq;
    volatile int maxBundleRecords = Integer.MAX_VALUE;
    volatile long duplicates;
    /** Reports this answers 400 with the given error, as the relay does for a malformed one; null: none. */
    volatile java.util.function.Function<CheckinRequest, String> refuseReport = r -> null;
    volatile boolean withholdCredentials;
    /** The runbooks the site enables, as the check-in answer carries them. */
    volatile List<String> enabledRunbooks = List.of("rb-win-firewall-001");
    final List<Long> refusedSeqs = new CopyOnWriteArrayList<>();
    /** Orders every answer carries (the relay resends an order until a report acknowledges it). */
    volatile List<dev.osiris.protocol.checkin.Order> orders = List.of();
    /** When set (503, 429), every request is answered with this status and {@link #retryAfter}, as a busy relay does. */
    volatile int busyStatus;
    /** The Retry-After header of a busy answer, null for none. */
    volatile String retryAfter;
    /** Bundles answered 413 because they had more than {@link #maxBundleRecords} records. */
    final java.util.concurrent.atomic.AtomicInteger tooLarge = new java.util.concurrent.atomic.AtomicInteger();
    /** The relay's own time, for its signature window as the relay checks it; null: any signed time is accepted. */
    volatile java.time.Clock relayClock;
    /** How far a signed time may lie from {@link #relayClock}. */
    volatile Duration signatureWindow = Duration.ofMinutes(1);
    /** Requests refused with a clock-skew answer, as the relay refuses a signed time outside its window. */
    final java.util.concurrent.atomic.AtomicInteger skewRefusals = new java.util.concurrent.atomic.AtomicInteger();
    private volatile ApplianceKey.PublicKey pinned;
    private HttpServer server;

    private String scheme = "http";

    /**
     * A relay on {@code vertx} for an agent whose files are in {@code dir}: it also writes the API-key file that
     * {@link #agentConfig} names, owner-only, with the key this relay accepts. It stops with {@code vertx}, which
     * VertxExtension closes after each test.
     */
    static FakeRelay started(Vertx vertx, Path dir) throws IOException {
        FakeRelay relay = await(new FakeRelay().start(vertx));
        TestFiles.secret(dir.resolve("api.key"), API_KEY + "\n");
        return relay;
    }

    Future<FakeRelay> start(Vertx vertx) {
        return start(vertx, new HttpServerOptions());
    }

    Future<FakeRelay> start(Vertx vertx, HttpServerOptions options) {
        scheme = options.isSsl() ? "https" : "http";
        server = vertx.createHttpServer(options).requestHandler(this::handle);
        return server.listen(0, "127.0.0.1").map(s -> this);
    }

    /**
     * An agent configuration for this relay, with the key file {@code dir/api.key} and the data dir {@code dir/data},
     * and the timing the agent tests share: check-ins only when a test asks (hourly interval and backoff), no automatic
     * reachability probes, evidence synced normally. Tests add what they vary.
     */
    AgentConfig.Builder agentConfig(Path dir) {
        return AgentConfig.builder().siteId("clinic-1").relayUrl(url()).apiKeyFile(dir.resolve("api.key"))
                .dataDir(dir.resolve("data")).checkinInterval(Duration.ofHours(1)).backoffMin(Duration.ofHours(1))
                .backoffMax(Duration.ofHours(2)).evidenceSync(EvidenceSync.NORMAL).reachabilityInterval(Duration.ZERO);
    }

    String url() {
        return scheme + "://127.0.0.1:" + server.actualPort();
    }

    Future<Void> stop() {
        return server.close();
    }

    EvidenceHead head() {
        var last = evidence.lastEntry();
        return last == null ? EvidenceHead.EMPTY : new EvidenceHead(last.getValue().seq(), last.getValue().hash());
    }

    private void handle(HttpServerRequest req) {
        if (down) {
            req.connection().close();
            return;
        }
        req.body().onSuccess(buffer -> {
            if (busyStatus != 0) {
                if (retryAfter != null) {
                    req.response().putHeader("Retry-After", retryAfter);
                }
                reply(req, busyStatus, Json.object().put("error", "busy, try again later"));
                return;
            }
            byte[] body = buffer.getBytes();
            if (!API_KEY.equals(req.getHeader(Api.API_KEY_HEADER))) {
                reply(req, 401, Json.object().put("error", "unknown API key"));
                return;
            }
            ObjectNode json = Json.parseObject(body);
            ApplianceKey.PublicKey key = ApplianceKey.PublicKey.fromBase64(json.path("publicKey").asText());
            if (pinned == null && req.path().equals(Api.CHECKIN)) {
                pinned = key;
            }
            if (pinned == null) {
                reply(req, 409, Json.object().put("error", "check in first"));
                return;
            }
            if (!pinned.equals(key) || !RequestSignature.verify(key, req.method().name(), req.path(),
                    req.getHeader(Api.TIMESTAMP_HEADER), body, req.getHeader(Api.SIGNATURE_HEADER))) {
                reply(req, 401, Json.object().put("error", "signature does not verify under the pinned key"));
                return;
            }
            java.time.Clock clock = relayClock;
            if (clock != null) {
                Duration off = Duration.between(clock.instant(), Instant.parse(req.getHeader(Api.TIMESTAMP_HEADER)));
                if (off.abs().compareTo(signatureWindow) > 0) {
                    skewRefusals.incrementAndGet();
                    reply(req, 401, Json.object().put("error", "signed time outside the window")
                            .put(Api.SKEW_CODE_FIELD, Api.SKEW_CODE)
                            .put(Api.RELAY_TIME_FIELD, RequestSignature.timestamp(clock.instant())));
                    return;
                }
            }
            if (req.path().equals(Api.CHECKIN)) {
                checkin(req, CheckinRequest.fromJson(json));
            } else {
                bundle(req, EvidenceBundle.fromJson(json));
            }
        });
    }

    private void checkin(HttpServerRequest req, CheckinRequest request) {
        String refusal = refuseReport.apply(request);
        if (refusal != null) {
            refusedSeqs.add(request.seq());
            reply(req, 400, Json.object().put("error", refusal));
            return;
        }
        checkinSeqs.add(request.seq());
        reports.add(request);
        CheckinResponse response = new CheckinResponse("app-1", "clinic-1", "Clinic One", Instant.now(), 60,
                HealingMode.STANDARD, false, enabledRunbooks, targets, orders, head(),
                CheckinResponse.DEFAULT_SCAN_INTERVAL, Json.object(), List.of(), false, replaces);
        reply(req, 200, (withholdCredentials ? response.withTargets(List.of()).withoutCredentials() : response).toJson());
    }

    private synchronized void bundle(HttpServerRequest req, EvidenceBundle bundle) {
        if (bundle.records().size() > maxBundleRecords) {
            tooLarge.incrementAndGet();
            reply(req, 413, Json.object().put("error", "request body too large"));
            return;
        }
        EvidenceHead head = head();
        if (bundle.firstSeq() > head.seq() + 1) {
            reply(req, 409, Json.object().put("error", "gap").put("seq", bundle.firstSeq()).set("head", head.toJson()));
            return;
        }
        // like the relay, a bundle is stored whole or not at all
        java.util.List<EvidenceRecord> fresh = new java.util.ArrayList<>();
        ChainVerifier verifier = null;
        long dups = 0;
        for (EvidenceRecord r : bundle.records()) {
            uploadsOfSeq.merge(r.seq(), 1, Integer::sum);
            if (evidence.containsKey(r.seq())) {
                dups++;
                continue;
            }
            if (r.seq() == refuseSeq) {
                reply(req, 422, Json.object().put("error", "record refused by test").put("seq", r.seq()));
                return;
            }
            if (verifier == null) {
                EvidenceHead h = head();
                verifier = new ChainVerifier(pinned, h.seq(), h.hash());
            }
            if (!verifier.accept(r)) {
                reply(req, 422, Json.object().put("error", verifier.failure().reason()).put("seq", r.seq()));
                return;
            }
            fresh.add(r);
        }
        fresh.forEach(r -> evidence.put(r.seq(), r));
        long stored = fresh.size();
        duplicates += dups;
        reply(req, 200, Json.object().put("stored", stored).put("duplicates", dups).set("head", head().toJson()));
    }

    private static void reply(HttpServerRequest req, int status, ObjectNode body) {
        req.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(Json.text(body));
    }
}
