package dev.osiris.lab.relay;

import dev.osiris.protocol.Api;
import dev.osiris.protocol.evidence.ApplianceKey;
import dev.osiris.protocol.evidence.EvidenceRecord;
import dev.osiris.protocol.json.Json;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.util.ArrayList;
import java.util.List;

/**
 * The relay's operator API as the lab, the demo and the benchmarks use it: over HTTP, with an operator key,
 * exactly as a partner's tooling would. Every future fails with {@link RelayCallException} on a non-2xx answer.
 */
public final class OperatorClient implements AutoCloseable {

    private static final long TIMEOUT_MS = 10_000;

    private final WebClient client;
    private final String baseUrl;
    private final String operatorKey;

    public OperatorClient(Vertx vertx, String baseUrl, String operatorKey) {
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setConnectTimeout(5_000)
                .setTrustAll(baseUrl.startsWith("https://127.0.0.1")) // the lab's own self-signed relay only
                .setVerifyHost(false));
        this.baseUrl = baseUrl;
        this.operatorKey = operatorKey;
    }

    /** The relay's health answer; fails unless the relay and its database are up. */
    public Future<JsonObject> health() {
        return send(client.getAbs(baseUrl + Api.HEALTH), null);
    }

    /** A new site; the future holds its id. */
    public Future<String> createSite(String name) {
        return send(post(Api.SITES), new JsonObject().put("name", name)).map(body -> body.getString("id"));
    }

    /** Changes a site's settings: {@code checkinIntervalSeconds}, {@code healingMode}, {@code dryRun}, ... */
    public Future<JsonObject> updateSite(String siteId, JsonObject changes) {
        return send(client.patchAbs(baseUrl + Api.SITES + "/" + siteId), changes);
    }

    /** A new appliance at the site and its one-time API key. */
    public Future<Provisioned> provisionAppliance(String siteId) {
        return send(post(Api.SITES + "/" + siteId + "/appliances"), new JsonObject())
                .map(body -> new Provisioned(body.getString("applianceId"), body.getString("apiKey")));
    }

    /** Registers a host and its credential with the site; the future holds the credential id. */
    public Future<String> addCredential(String siteId, JsonObject credential) {
        return send(post(Api.SITES + "/" + siteId + "/credentials"), credential).map(body -> body.getString("id"));
    }

    /** Removes a credential from the site; the appliance stops receiving it at its next check-in. */
    public Future<Void> deleteCredential(String siteId, String credentialId) {
        return send(client.deleteAbs(baseUrl + Api.SITES + "/" + siteId + "/credentials/" + credentialId), null).mapEmpty();
    }

    public Future<JsonArray> appliances(String siteId) {
        return get(Api.SITES + "/" + siteId + "/appliances").map(body -> body.getJsonArray("appliances"));
    }

    /**
     * The site's runbook settings with the whole catalog: {@code siteId}, {@code healingMode}, {@code dryRun},
     * {@code scanIntervalSeconds}, {@code baseline} and {@code runbooks} (each with its {@code enabled} flag).
     */
    public Future<JsonObject> runbooks(String siteId) {
        return get(Api.SITES + "/" + siteId + "/runbooks");
    }

    /**
     * Changes them: {@code {"enabled": [ids] | "all"}} and optionally {@code healingMode}, {@code dryRun},
     * {@code scanIntervalSeconds}, {@code baseline}; the future holds the new settings (fails with 400 naming an
     * unknown runbook, leaving the site as it was).
     */
    public Future<JsonObject> putRunbooks(String siteId, JsonObject settings) {
        return send(client.putAbs(baseUrl + Api.SITES + "/" + siteId + "/runbooks"), settings);
    }

    /** The site's incidents, newest first; {@code status} is open, resolved, or null for both. */
    public Future<JsonArray> incidents(String siteId, String status) {
        String query = status == null ? "" : "?status=" + status;
        return get(Api.SITES + "/" + siteId + "/incidents" + query).map(body -> body.getJsonArray("incidents"));
    }

    /**
     * Resolves an incident with {@code {"action":"runbook","runbookId":"RB-...","note":"..."}} or
     * {@code {"action":"manual","note":"..."}}; the future holds the resolved incident (fails with 409 if it was
     * resolved already). The appliance receives the resolution at its next check-in.
     */
    public Future<JsonObject> resolve(String siteId, String incidentId, JsonObject resolution) {
        return send(post(Api.SITES + "/" + siteId + "/incidents/" + incidentId + "/resolve"), resolution);
    }

    /** The latest compliance report of the site: {@code {"computedAt": ... | null, "frameworks": [...]}}. */
    public Future<JsonObject> compliance(String siteId) {
        return get(Api.SITES + "/" + siteId + "/compliance");
    }

    /** Every evidence record the relay holds for an appliance, with the pinned key, fetched page by page. */
    public Future<StoredEvidence> evidence(String siteId, String applianceId) {
        return evidencePage(siteId, applianceId, 0, new ArrayList<>(), null);
    }

    private Future<StoredEvidence> evidencePage(String siteId, String applianceId, long after,
                                                List<EvidenceRecord> into, String key) {
        String path = Api.SITES + "/" + siteId + "/evidence?appliance=" + applianceId + "&after=" + after + "&limit=1000";
        return get(path).compose(body -> {
            JsonArray page = body.getJsonArray("records");
            for (int i = 0; i < page.size(); i++) {
                into.add(EvidenceRecord.fromJson(Json.parseObject(page.getJsonObject(i).encode()), "records[" + i + "]"));
            }
            String pinned = key != null ? key : body.getString("publicKey");
            if (page.isEmpty()) {
                return Future.succeededFuture(new StoredEvidence(
                        pinned == null ? null : ApplianceKey.PublicKey.fromBase64(pinned), List.copyOf(into)));
            }
            return evidencePage(siteId, applianceId, into.getLast().seq(), into, pinned);
        });
    }

    private HttpRequest<Buffer> post(String path) {
        return client.postAbs(baseUrl + path);
    }

    private Future<JsonObject> get(String path) {
        return send(client.getAbs(baseUrl + path), null);
    }

    private Future<JsonObject> send(HttpRequest<Buffer> request, JsonObject body) {
        request.putHeader(Api.API_KEY_HEADER, operatorKey).timeout(TIMEOUT_MS);
        Future<HttpResponse<Buffer>> response = body == null ? request.send() : request.sendJsonObject(body);
        return response.compose(r -> {
            if (r.statusCode() / 100 != 2) {
                return Future.failedFuture(new RelayCallException(r.statusCode(), r.bodyAsString()));
            }
            Buffer buffer = r.body();
            return Future.succeededFuture(buffer == null || buffer.length() == 0 ? new JsonObject() : buffer.toJsonObject());
        });
    }

    @Override
    public void close() {
        client.close();
    }

    public record Provisioned(String applianceId, String apiKey) {
    }

    /** What the relay stores of one appliance's chain. */
    public record StoredEvidence(ApplianceKey.PublicKey pinnedKey, List<EvidenceRecord> records) {
    }

    /** A relay answer outside 2xx. */
    public static final class RelayCallException extends RuntimeException {
        private final int status;

        public RelayCallException(int status, String body) {
            super("relay answered " + status + ": " + body);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }
}
