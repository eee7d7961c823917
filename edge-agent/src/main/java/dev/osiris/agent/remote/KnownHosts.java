package dev.osiris.agent.remote;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The SSH host keys of one site, kept in memory (fingerprints only). The agent seeds it from its database
 * ({@link SqliteKnownHosts}) and is told, through the {@link Listener}, when a key is trusted on first use so that it
 * persists it and records that as evidence. A key that differs from the recorded one is never replaced here: that takes an explicit
 * {@link #forget} by an operator decision.
 */
public final class KnownHosts {

    /** Persistence hook: called once when a host's key is first trusted. Must not block. */
    @FunctionalInterface
    public interface Listener {
        void trustedOnFirstUse(String host, int port, String fingerprint);
    }

    private final Map<String, String> fingerprints = new ConcurrentHashMap<>();
    private final Listener listener;

    public KnownHosts(Listener listener) {
        this.listener = listener;
    }

    public static KnownHosts inMemory() {
        return new KnownHosts((host, port, fingerprint) -> { });
    }

    /** Seeds a host's fingerprint (from the database); replaces any earlier entry. */
    public void remember(String host, int port, String fingerprint) {
        fingerprints.put(key(host, port), fingerprint);
    }

    public Optional<String> fingerprint(String host, int port) {
        return Optional.ofNullable(fingerprints.get(key(host, port)));
    }

    public void forget(String host, int port) {
        fingerprints.remove(key(host, port));
    }

    /** Records a first-use key unless one was recorded concurrently; true if this call recorded it. */
    boolean trustFirstUse(String host, int port, String fingerprint) {
        boolean recorded = fingerprints.putIfAbsent(key(host, port), fingerprint) == null;
        if (recorded) {
            listener.trustedOnFirstUse(host, port, fingerprint);
        }
        return recorded;
    }

    private static String key(String host, int port) {
        return port == 22 ? host : "[" + host + "]:" + port;
    }
}
