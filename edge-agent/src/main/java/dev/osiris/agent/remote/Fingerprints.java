package dev.osiris.agent.remote;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

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
        if (pin == null) {
            return null;
        }
        String p = pin.strip();
        try {
            if (p.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
                byte[] raw = Base64.getDecoder().decode(pad(p.substring(PREFIX.length())));
                return raw.length == 32 ? raw : null;
            }
            String hex = p.replace(":", "").replace(" ", "").toLowerCase(Locale.ROOT);
            return hex.length() == 64 ? HexFormat.of().parseHex(hex) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String pad(String b64) {
        return b64 + "=".repeat((4 - b64.length() % 4) % 4);
    }

    private static byte[] digest(byte[] encoded) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(encoded);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK without SHA-256", e);
        }
    }
}
