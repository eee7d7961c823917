package dev.osiris.protocol;

import dev.osiris.protocol.evidence.ApplianceKey;
import dev.osiris.protocol.evidence.EvidenceCodec;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * The appliance's signature over one request, version 2: it binds the body to the request it was sent in, so
 * that bytes captured once cannot be replayed later or to another endpoint. The signed message is
 *
 * <pre>
 * "osiris-sig-v2\n" + METHOD + "\n" + path + "\n" + timestamp + "\n" + hex(sha256(body))
 * </pre>
 *
 * <ul>
 *   <li>{@code METHOD} is the upper-case HTTP method, {@code POST};</li>
 *   <li>{@code path} is the endpoint's API path as named in {@link Api} (e.g. {@code /api/appliances/checkin}),
 *       without the relay URL's own prefix and without a query;</li>
 *   <li>{@code timestamp} is the exact text of the {@link Api#TIMESTAMP_HEADER} header: the ISO-8601 UTC instant,
 *       in milliseconds, at which the request was <em>sent</em> (not when its report was made: the outbox re-sends
 *       old reports with a fresh timestamp);</li>
 *   <li>the body hash is 64 lower-case hex digits of the SHA-256 of the exact body bytes.</li>
 * </ul>
 *
 * The Ed25519 signature over that message travels base64 in {@link Api#SIGNATURE_HEADER}. The relay refuses a
 * timestamp outside its window (5 minutes by default, either side) and a signature it has already seen within it.
 */
public final class RequestSignature {

    public static final String VERSION = "osiris-sig-v2";

    /** The two headers an appliance adds to a request. */
    public record Headers(String timestamp, String signature) {
    }

    private RequestSignature() {
    }

    /** The exact bytes that are signed; see the class comment. */
    public static byte[] message(String method, String path, String timestamp, byte[] body) {
        String text = VERSION + "\n" + method + "\n" + path + "\n" + timestamp + "\n"
                + EvidenceCodec.hex(EvidenceCodec.sha256(body));
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Signs a request sent now. */
    public static Headers sign(ApplianceKey key, String method, String path, Instant now, byte[] body) {
        String timestamp = timestamp(now);
        return new Headers(timestamp, key.signBase64(message(method, path, timestamp, body)));
    }

    /** The header text for an instant: ISO-8601 UTC, truncated to milliseconds. */
    public static String timestamp(Instant now) {
        return now.truncatedTo(ChronoUnit.MILLIS).toString();
    }

    /**
     * Reads a timestamp header.
     *
     * @throws IllegalArgumentException when it is missing or not an ISO-8601 instant
     */
    public static Instant parseTimestamp(String header) {
        if (header == null || header.isBlank()) {
            throw new IllegalArgumentException(Api.TIMESTAMP_HEADER + " header is required");
        }
        try {
            return Instant.parse(header);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(Api.TIMESTAMP_HEADER + " must be an ISO-8601 instant");
        }
    }

    /** Whether {@code signature} (base64) verifies for this request under {@code key}. */
    public static boolean verify(ApplianceKey.PublicKey key, String method, String path, String timestamp,
                                 byte[] body, String signature) {
        return key.verifyBase64(message(method, path, timestamp, body), signature);
    }
}
