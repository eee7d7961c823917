package dev.osiris.agent.remote;

import dev.osiris.agent.tls.CertificatePin;

import java.security.MessageDigest;
import java.util.Base64;

/**
 * SHA-256 fingerprints of SSH host keys and TLS certificates. Written in OpenSSH's form
 * ({@code SHA256:<base64, no padding>}); a pin is also accepted as hex, with or without colons.
 */
public final class Fingerprints {

    private static final String PREFIX = "SHA256:";

    private Fingerprints() {
    }

    /** {@code SHA256:...} of the encoded key or certificate. */
    public static String sha256(byte[] encoded) {
        return PREFIX + Base64.getEncoder().withoutPadding().encodeToString(digest(encoded));
    }

    /** Whether the pin (either notation) is the SHA-256 of the encoded key or certificate. */
    public static boolean matches(String pin, byte[] encoded) {
        byte[] expected = parse(pin);
        return expected != null && MessageDigest.isEqual(expected, digest(encoded));
    }

    /** The 32 digest bytes of a pin, or null when the pin is in neither notation. */
    static byte[] parse(String pin) {
        return CertificatePin.parse(pin);
    }

    private static byte[] digest(byte[] encoded) {
        return CertificatePin.sha256(encoded);
    }
}
