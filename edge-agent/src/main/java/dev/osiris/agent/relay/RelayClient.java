package dev.osiris.agent.relay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.agent.config.AgentConfig;
import dev.osiris.agent.tls.CertificatePin;
import dev.osiris.agent.tls.PinningTrustManager;
import dev.osiris.protocol.Api;
import dev.osiris.protocol.InvalidMessageException;
import dev.osiris.protocol.RequestSignature;
import dev.osiris.protocol.checkin.CheckinResponse;
import dev.osiris.protocol.checkin.EvidenceHead;
import dev.osiris.protocol.evidence.ApplianceKey;
import dev.osiris.protocol.evidence.EvidenceBundle;
import dev.osiris.protocol.json.Fields;
import dev.osiris.protocol.json.Json;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.TrustOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * The agent's HTTP client for the relay: TLS 1.2/1.3 only, optional CA file or certificate pin, explicit
 * connect, idle and request timeouts, every request signed with the appliance key when it is sent
 * ({@link RequestSignature}: method, path, timestamp and body hash, so a captured request cannot be replayed).
 * Network failures, timeouts and 5xx fail with an unreachable {@link RelayException}; other refusals with its status;
 * a 503 or 429 carries the relay's {@code Retry-After}.
 */
public final class RelayClient {

    /** The statuses whose {@code Retry-After} the agent honours: the relay is busy, not refusing the request. */
    private static final Set<Integer> BUSY = Set.of(429, 503);
    private static final Logger LOG = Logger.getLogger(RelayClient.class.getName());

    private final WebClient client;
    private final String base;
    private final String apiKey;
    private final ApplianceKey key;
    private final long requestTimeoutMs;
    private final Clock clock;
    // how far the relay's clock is ahead of ours, learnt from a clock-skew refusal: requests are signed in the
    // relay's time (its window is short), while evidence keeps the appliance's own, checked, time
    private final AtomicLong relayOffsetMillis = new AtomicLong();

    /** {@code clock} stamps each request's signature, which the relay checks against its own clock. */
    public RelayClient(Vertx vertx, AgentConfig config, ApplianceKey key, String apiKey, Clock clock) {
        this.clock = clock;
        this.client = WebClient.create(vertx, options(config));
        String url = config.relayUrl().toString();
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.apiKey = apiKey;
        this.key = key;
        this.requestTimeoutMs = config.requestTimeout().toMillis();
    }

    static WebClientOptions options(AgentConfig config) {
        WebClientOptions o = new WebClientOptions()
                .setUserAgent("osiris-agent")
                .setConnectTimeout((int) config.connectTimeout().toMillis())
                .setIdleTimeout((int) config.requestTimeout().toMillis())
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                .setFollowRedirects(false);
        if ("https".equalsIgnoreCase(config.relayUrl().getScheme())) {
            o.setSsl(true).setEnabledSecureTransportProtocols(Set.of("TLSv1.2", "TLSv1.3"));
            if (config.tls().pinSha256() != null) {
                o.setTrustOptions(TrustOptions.wrap(new PinningTrustManager(
                        CertificatePin.of(config.tls().pinSha256()), "relay", "tls.pinSha256"))).setVerifyHost(false);
            } else if (config.tls().caFile() != null) {
                o.setTrustOptions(new PemTrustOptions().addCertPath(config.tls().caFile().toString()));
            }
        }
        return o;
    }

    /** Posts one signed check-in report (its exact JSON bytes) and decodes the configuration. */
    public Future<CheckinResponse> checkin(byte[] body) {
        return post(Api.CHECKIN, body).compose(r -> {
            if (r.statusCode() != 200) {
                return Future.failedFuture(refusal(r, "check-in"));
            }
            return decode(r, "check-in", CheckinResponse::fromJson, "config");
        });
    }

    /** Uploads one bundle; 200, 409 with a head and 422 become outcomes, anything else fails. */
    public Future<UploadOutcome> upload(EvidenceBundle bundle) {
        return post(Api.EVIDENCE_BUNDLES, Json.bytes(bundle.toJson())).compose(r -> switch (r.statusCode()) {
            case 200 -> decode(r, "evidence upload", j -> (UploadOutcome) new UploadOutcome.Stored(
                    j.path("stored").asLong(), j.path("duplicates").asLong(), head(j.get("head"))));
            case 409 -> {
                JsonNode j = parse(r);
                yield j != null && j.hasNonNull("head")
                        ? decode(r, "evidence upload", x -> (UploadOutcome) new UploadOutcome.Gap(head(x.get("head")), x.path("error").asText()))
                        : Future.failedFuture(refusal(r, "evidence upload"));
            }
            case 422 -> decode(r, "evidence upload", j -> (UploadOutcome) new UploadOutcome.BadRecord(
                    j.path("seq").asLong(), j.path("error").asText("record refused")));
            default -> Future.failedFuture(refusal(r, "evidence upload"));
        });
    }

    /**
     * Posts a signed request; when the relay refuses its timestamp as skewed, the request is signed once more in the
     * relay's time (from the refusal) and sent again, and later requests keep that offset.
     */
    private Future<HttpResponse<Buffer>> post(String path, byte[] body) {
        Instant sent = clock.instant();
        return send(path, body, sent.plusMillis(relayOffsetMillis.get())).compose(r -> {
            Optional<Instant> relayTime = skewRefusal(r);
            if (relayTime.isEmpty()) {
                return Future.succeededFuture(r);
            }
            long offset = Duration.between(sent, relayTime.get()).toMillis();
            relayOffsetMillis.set(offset);
            LOG.warning(() -> "the relay refused this appliance's signed time as skewed; signing in the relay's time"
                    + " from now on (relay ahead by " + offset + " ms)");
            return send(path, body, clock.instant().plusMillis(offset));
        });
    }

    /** How far ahead of this appliance's clock the relay's was at its last skew refusal (0 before any). */
    public Duration relayClockOffset() {
        return Duration.ofMillis(relayOffsetMillis.get());
    }

    private static Optional<Instant> skewRefusal(HttpResponse<Buffer> r) {
        if (r.statusCode() != 401) {
            return Optional.empty();
        }
        ObjectNode body = parse(r);
        if (body == null || !Api.SKEW_CODE.equals(body.path(Api.SKEW_CODE_FIELD).asText())) {
            return Optional.empty();
        }
        try {
            return Optional.of(RequestSignature.parseTimestamp(body.path(Api.RELAY_TIME_FIELD).asText()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private Future<HttpResponse<Buffer>> send(String path, byte[] body, Instant signedAt) {
        RequestSignature.Headers signature = RequestSignature.sign(key, "POST", path, signedAt, body);
        return client.postAbs(base + path)
                .putHeader("Content-Type", "application/json")
                .putHeader(Api.API_KEY_HEADER, apiKey)
                .putHeader(Api.SIGNATURE_HEADER, signature.signature())
                .putHeader(Api.TIMESTAMP_HEADER, signature.timestamp())
                .timeout(requestTimeoutMs)
                .sendBuffer(Buffer.buffer(body))
                .recover(e -> Future.failedFuture(RelayException.unreachable(
                        "relay " + base + " unreachable: " + describe(e), e)));
    }

    /** The relay's answer may be newer than this agent: fields it does not know are ignored. */
    private static EvidenceHead head(JsonNode node) {
        return EvidenceHead.read(Fields.lenient(node, "head"));
    }

    private static <T> Future<T> decode(HttpResponse<Buffer> r, String what, java.util.function.Function<ObjectNode, T> decoder) {
        return decode(r, what, decoder, null);
    }

    private static <T> Future<T> decode(HttpResponse<Buffer> r, String what,
                                        java.util.function.Function<ObjectNode, T> decoder, String root) {
        try {
            return Future.succeededFuture(decoder.apply(Json.parseObject(
                    r.bodyAsBuffer() == null ? new byte[0] : r.bodyAsBuffer().getBytes(), root)));
        } catch (InvalidMessageException e) {
            return Future.failedFuture(RelayException.status(r.statusCode(), what + ": relay answered " + r.statusCode()
                    + " with a body this agent cannot read: " + e.getMessage()));
        }
    }

    private static ObjectNode parse(HttpResponse<Buffer> r) {
        try {
            return r.bodyAsBuffer() == null ? null : Json.parseObject(r.bodyAsBuffer().getBytes());
        } catch (InvalidMessageException e) {
            return null;
        }
    }

    /** A refusal with the relay's error; a busy relay's (503, 429) {@code Retry-After} goes with it. */
    private RelayException refusal(HttpResponse<Buffer> r, String what) {
        ObjectNode body = parse(r);
        String error = body != null && body.hasNonNull("error") ? body.get("error").asText() : r.statusMessage();
        String hint = r.statusCode() == 401 ? " (the API key or appliance key does not match what the relay pinned)" : "";
        Duration retryAfter = BUSY.contains(r.statusCode())
                ? RetryAfter.parse(r.getHeader("Retry-After"), clock.instant()).orElse(null) : null;
        return RelayException.status(r.statusCode(), what + " refused by relay: " + r.statusCode() + " " + error + hint
                + (retryAfter == null ? "" : " (retry after " + retryAfter.toSeconds() + " s)"), retryAfter);
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    public void close() {
        client.close();
    }
}
