package dev.osiris.relay.api;

import dev.osiris.protocol.Api;
import dev.osiris.protocol.RequestSignature;
import dev.osiris.protocol.json.Json;
import dev.osiris.protocol.evidence.ApplianceKey;
import dev.osiris.relay.RelayException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * Checks an appliance's request signature ({@link RequestSignature}, v2): the signature over method, path,
 * timestamp and body hash must verify under the key the body names, the timestamp must lie within
 * {@code window} of the relay's clock, and the signature must not have been seen before within the window.
 * Seen signatures are kept in this process's memory until their timestamp leaves the window; a replay sent to
 * another relay process within the window is still answered without credentials, since its report's seq was
 * answered already. Shared by every event loop of the relay, hence thread-safe.
 *
 * <p>Memory: at fleet rates the window holds rate x window signatures (5,000/s over the default 60 s is 300,000:
 * a 5-minute window would need 1.5 million, which is why the window is a minute and an appliance whose clock is off
 * signs in the relay's time, learnt from the refusal below), so each is
 * kept as 64 bits (the first 8 bytes of its R, random for every signature) with its expiry in epoch seconds, about
 * 70 bytes an entry instead of a 88-character string. Two different valid signatures that share those 64 bits
 * would make the second look like a replay (refused, never accepted twice).
 */
final class Signatures {

    private final Clock clock;
    private final Duration window;
    private final ReplayWindow seen;

    /** @param capacity how many signatures the window may hold before new requests are refused with 503 */
    Signatures(Clock clock, Duration window, int capacity) {
        this.clock = clock;
        this.window = window;
        this.seen = new ReplayWindow(window.toMillis(), capacity);
    }

    Instant now() {
        return clock.instant();
    }

    Duration window() {
        return window;
    }

    /**
     * @throws RelayException 400 when the public key is malformed; 401 when a header is missing or malformed,
     *                        the timestamp lies outside the window, the signature does not verify or was used
     *                        before; 503 when too many signatures are in the window to remember one more
     */
    void require(String method, String path, String timestamp, String signature, byte[] body, String publicKey,
                 String keyPath) {
        require(method, path, timestamp, signature, body, key(publicKey, null, keyPath), keyPath);
    }

    /**
     * The key a request names, as an object that verifies: the pinned key itself when the request names it (decoded
     * once, when the identity was loaded: the profile in {@code cloud-relay/PERFORMANCE.md} found the per-request
     * decoding in every check-in), otherwise decoded from the text.
     *
     * @throws RelayException 400 when the text is not a public key
     */
    ApplianceKey.PublicKey key(String publicKey, ApplianceKey.PublicKey pinned, String keyPath) {
        if (pinned != null && pinned.base64().equals(publicKey)) {
            return pinned;
        }
        try {
            return ApplianceKey.PublicKey.fromBase64(publicKey);
        } catch (IllegalArgumentException e) {
            throw RelayException.badRequest(keyPath + ": " + e.getMessage());
        }
    }

    /** {@link #require(String, String, String, String, byte[], String, String)} with the key already decoded. */
    void require(String method, String path, String timestamp, String signature, byte[] body,
                 ApplianceKey.PublicKey key, String keyPath) {
        if (signature == null || signature.isBlank()) {
            throw RelayException.unauthorized(Api.SIGNATURE_HEADER + " header is required");
        }
        Instant sentAt;
        try {
            sentAt = RequestSignature.parseTimestamp(timestamp);
        } catch (IllegalArgumentException e) {
            throw RelayException.unauthorized(e.getMessage());
        }
        Instant now = clock.instant();
        if (sentAt.isBefore(now.minus(window)) || sentAt.isAfter(now.plus(window))) {
            // the relay's time goes with the refusal so that the appliance can sign its next request in the relay's
            // time (as SigV4 clients correct their skew): its own clock may be off, and the window is short
            throw new RelayException(401, Api.TIMESTAMP_HEADER + " " + timestamp + " is more than "
                    + window.toSeconds() + " s from the relay's clock (" + now + "); sign each request when it is sent"
                    + " and keep the appliance's clock in time", Json.object()
                    .put(Api.SKEW_CODE_FIELD, Api.SKEW_CODE).put(Api.RELAY_TIME_FIELD, RequestSignature.timestamp(now)));
        }
        String sig = signature.strip();
        if (!RequestSignature.verify(key, method, path, timestamp, body, sig)) {
            throw RelayException.unauthorized("the request's signature (" + RequestSignature.VERSION
                    + ") does not verify under " + keyPath);
        }
        remember(fingerprint(sig), sentAt.plus(window), now);
    }

    private static long fingerprint(String signature) {
        byte[] raw = Base64.getDecoder().decode(signature); // it verified, so it decodes
        long value = 0;
        for (int i = 0; i < Long.BYTES; i++) {
            value = (value << 8) | (raw[i] & 0xff);
        }
        return value;
    }

    private void remember(long signature, Instant expires, Instant now) {
        switch (seen.add(signature, expires.toEpochMilli(), now.toEpochMilli())) {
            case FULL -> throw new RelayException(503, "too many signed requests in the replay window; retry later");
            case SEEN -> throw RelayException.unauthorized("this request was already received: each signed request"
                    + " is accepted once (replay refused)");
            case NEW -> {
            }
        }
    }
}
