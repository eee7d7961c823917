package dev.osiris.protocol;

import dev.osiris.protocol.evidence.ApplianceKey;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestSignatureTest {

    private static final ApplianceKey KEY = ApplianceKey.generate(new SecureRandom());
    private static final byte[] BODY = "{\"seq\":1}".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00.123456Z");

    @Test
    void theSignedMessageIsVersionMethodPathTimestampAndBodyHash() {
        assertThat(new String(RequestSignature.message("POST", Api.CHECKIN, "2026-12-01T10:00:00.123Z", BODY),
                StandardCharsets.UTF_8)).isEqualTo("osiris-sig-v2\nPOST\n/api/appliances/checkin\n"
                + "2026-12-01T10:00:00.123Z\n" + hexOf(BODY));
    }

    @Test
    void aSignatureVerifiesOnlyForTheRequestItWasMadeFor() {
        RequestSignature.Headers h = RequestSignature.sign(KEY, "POST", Api.CHECKIN, NOW, BODY);
        assertThat(h.timestamp()).isEqualTo("2026-12-01T10:00:00.123Z");
        assertThat(RequestSignature.verify(KEY.publicKey(), "POST", Api.CHECKIN, h.timestamp(), BODY, h.signature()))
                .isTrue();
        assertThat(RequestSignature.verify(KEY.publicKey(), "POST", Api.EVIDENCE_BUNDLES, h.timestamp(), BODY,
                h.signature())).isFalse();
        assertThat(RequestSignature.verify(KEY.publicKey(), "PUT", Api.CHECKIN, h.timestamp(), BODY, h.signature()))
                .isFalse();
        assertThat(RequestSignature.verify(KEY.publicKey(), "POST", Api.CHECKIN, "2026-12-01T10:00:01.123Z", BODY,
                h.signature())).isFalse();
        assertThat(RequestSignature.verify(KEY.publicKey(), "POST", Api.CHECKIN, h.timestamp(),
                "{\"seq\":2}".getBytes(StandardCharsets.UTF_8), h.signature())).isFalse();
        assertThat(KEY.publicKey().verifyBase64(BODY, h.signature())).isFalse();
    }

    @Test
    void aMissingOrMalformedTimestampIsNamed() {
        assertThatThrownBy(() -> RequestSignature.parseTimestamp(null))
                .hasMessage("X-Osiris-Timestamp header is required");
        assertThatThrownBy(() -> RequestSignature.parseTimestamp("yesterday"))
                .hasMessage("X-Osiris-Timestamp must be an ISO-8601 instant");
    }

    private static String hexOf(byte[] body) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(body));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
