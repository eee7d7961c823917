package dev.osiris.relay.store;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Random, prefixed identifiers such as {@code site-3f9a0c1d2e4b5a69}. */
public final class Ids {

    private final SecureRandom random;

    public Ids(SecureRandom random) {
        this.random = random;
    }

    public String next(String prefix) {
        byte[] raw = new byte[8];
        random.nextBytes(raw);
        return prefix + "-" + HexFormat.of().formatHex(raw);
    }
}
