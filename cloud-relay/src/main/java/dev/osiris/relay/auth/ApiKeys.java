package dev.osiris.relay.auth;

import dev.osiris.protocol.evidence.EvidenceCodec;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * API keys: 32 random bytes, base64url, prefixed {@code osk_} (appliance) or {@code opk_} (operator). The relay
 * stores only their SHA-256 (hex); a key is shown once, when it is made.
 */
public final class ApiKeys {

    public static final String APPLIANCE_PREFIX = "osk_";
    public static final String OPERATOR_PREFIX = "opk_";

    private final SecureRandom random;

    public ApiKeys(SecureRandom random) {
        this.random = random;
    }

    public String newApplianceKey() {
        return generate(APPLIANCE_PREFIX);
    }

    public String newOperatorKey() {
        return generate(OPERATOR_PREFIX);
    }

    private String generate(String prefix) {
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    /** The id an operator key is listed and revoked by: {@code opk-} and the first 16 hex digits of its hash. */
    public static String operatorKeyId(String key) {
        return "opk-" + sha256Hex(key).substring(0, 16);
    }

    public static String sha256Hex(String key) {
        return EvidenceCodec.hex(EvidenceCodec.sha256(key.getBytes(StandardCharsets.UTF_8)));
    }
}
