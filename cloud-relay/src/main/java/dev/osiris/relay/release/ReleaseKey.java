package dev.osiris.relay.release;

import dev.osiris.protocol.evidence.ApplianceKey;
import dev.osiris.relay.RelayException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The release public key the relay checks manifests against: {@code release-key.pub} in its data directory (base64
 * of the raw Ed25519 key), placed there by {@code release trust}. Only the public half ever reaches the relay.
 */
public final class ReleaseKey {

    public static final String FILE = "release-key.pub";

    private ReleaseKey() {
    }

    /** Blocking (reads a file). @return empty when none is configured; fails (400) on an unreadable key */
    public static Optional<ApplianceKey.PublicKey> load(Path dataDir) throws IOException {
        Path file = dataDir.resolve(FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        try {
            return Optional.of(ApplianceKey.PublicKey.fromBase64(text));
        } catch (IllegalArgumentException e) {
            throw RelayException.badRequest(file + ": not a release public key (" + e.getMessage() + ")");
        }
    }

    /** Blocking. Stores the public key, refusing text that is not one. */
    public static ApplianceKey.PublicKey trust(Path dataDir, String base64) throws IOException {
        ApplianceKey.PublicKey key;
        try {
            key = ApplianceKey.PublicKey.fromBase64(base64.strip());
        } catch (IllegalArgumentException e) {
            throw RelayException.badRequest("release key: " + e.getMessage());
        }
        Files.createDirectories(dataDir);
        Files.writeString(dataDir.resolve(FILE), key.base64() + "\n", StandardCharsets.US_ASCII);
        return key;
    }
}
