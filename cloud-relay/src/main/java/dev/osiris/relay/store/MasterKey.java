package dev.osiris.relay.store;

import dev.osiris.relay.db.KeyFile;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * The relay's 32-byte master key, from which each site's credential key is derived. Taken from
 * {@code OSIRIS_MASTER_KEY} (base64) when set, otherwise from {@code <dataDir>/master.key}, which is generated
 * with mode 0600 on first start.
 */
public final class MasterKey {

    public static final String ENV = "OSIRIS_MASTER_KEY";
    private static final int SIZE = 32;

    private final byte[] key;

    private MasterKey(byte[] key) {
        this.key = key;
    }

    /** Blocking (file I/O). @throws IllegalArgumentException when the configured key is not base64 of 32 bytes */
    public static MasterKey load(Optional<String> fromEnv, Path dataDir) throws IOException {
        if (fromEnv.isPresent() && !fromEnv.get().isBlank()) {
            return new MasterKey(decode(fromEnv.get(), ENV));
        }
        Path file = dataDir.resolve("master.key");
        String text = KeyFile.readOrCreate(file, () -> {
            byte[] raw = new byte[SIZE];
            new SecureRandom().nextBytes(raw);
            return Base64.getEncoder().encodeToString(raw);
        });
        return new MasterKey(decode(text, file.toString()));
    }

    private static byte[] decode(String text, String source) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(text.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + " is not base64");
        }
        if (raw.length != SIZE) {
            throw new IllegalArgumentException(source + " must hold 32 bytes, has " + raw.length);
        }
        return raw;
    }

    byte[] bytes() {
        return Arrays.copyOf(key, key.length);
    }

    @Override
    public String toString() {
        return "MasterKey[REDACTED]";
    }
}
