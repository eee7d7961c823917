package dev.osiris.agent.config;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * How the agent trusts the relay's certificate: the JVM's default trust store, a PEM CA file, or a pinned
 * SHA-256 fingerprint of the relay's own certificate (which then replaces CA and host-name checks).
 *
 * @param caFile    PEM file of trusted CA certificates, or null
 * @param pinSha256 lower-case hex SHA-256 of the relay certificate's DER encoding, or null
 */
public record TlsConfig(Path caFile, String pinSha256) {

    public static final TlsConfig DEFAULT = new TlsConfig(null, null);
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    public TlsConfig {
        if (pinSha256 != null) {
            pinSha256 = pinSha256.replace(":", "").toLowerCase(java.util.Locale.ROOT);
            if (!HEX64.matcher(pinSha256).matches()) {
                throw new ConfigException("tls.pinSha256: must be 64 hex digits (the SHA-256 of the relay certificate), got \""
                        + pinSha256 + "\"");
            }
        }
    }
}
