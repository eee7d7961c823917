package dev.osiris.agent.tls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A SHA-256 pin of a certificate or key (of its DER or wire encoding), read from either notation people paste:
 * hex (with or without colons, any case) or OpenSSH's {@code SHA256:<base64>}. Plain Java.
 */
public final class CertificatePin {

    private static final String OPENSSH_PREFIX = "SHA256:";

    private final byte[] digest;
    private final String text;

    private CertificatePin(byte[] digest, String text) {
        this.digest = digest;
        this.text = text;
    }

    /** Reads a pin; fails with {@link IllegalArgumentException} when it is in neither notation. */
    public static CertificatePin of(String pin) {
        byte[] digest = parse(pin);
        if (digest == null) {
            throw new IllegalArgumentException("pin is not a SHA-256 fingerprint (SHA256:base64 or 64 hex digits)");
        }
        return new CertificatePin(digest, pin.strip());
    }

    /** The 32 digest bytes of a pin, or null when the pin is in neither notation. */
    public static byte[] parse(String pin) {
        if (pin == null) {
            return null;
        }
        String p = pin.strip();
        try {
            if (p.regionMatches(true, 0, OPENSSH_PREFIX, 0, OPENSSH_PREFIX.length())) {
                String b64 = p.substring(OPENSSH_PREFIX.length());
                byte[] raw = Base64.getDecoder().decode(b64 + "=".repeat((4 - b64.length() % 4) % 4));
                return raw.length == 32 ? raw : null;
            }
            String hex = p.replace(":", "").replace(" ", "").toLowerCase(Locale.ROOT);
            return hex.length() == 64 ? HexFormat.of().parseHex(hex) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The SHA-256 of an encoding. */
    public static byte[] sha256(byte[] encoded) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(encoded);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK without SHA-256", e);
        }
    }

    /** Whether this pin is the SHA-256 of the encoding (compared in constant time). */
    public boolean matches(byte[] encoded) {
        return MessageDigest.isEqual(digest, sha256(encoded));
    }

    /** The pin as it was written. */
    @Override
    public String toString() {
        return text;
    }
}
