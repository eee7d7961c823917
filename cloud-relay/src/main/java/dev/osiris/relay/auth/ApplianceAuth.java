package dev.osiris.relay.auth;

import dev.osiris.relay.RelayException;
import dev.osiris.relay.store.Appliance;
import dev.osiris.relay.store.ApplianceStore;
import dev.osiris.relay.store.PgEvidenceStore;
import dev.osiris.relay.store.TtlCache;
import io.vertx.core.Future;

import java.time.Duration;

/**
 * Authenticates appliances by API key and enforces the key pin. Identities are cached by key hash for a short
 * TTL; this process invalidates on its own pin changes, and a mismatch is re-checked against the database before
 * it is refused, so a rotation made by another process takes effect at once.
 */
public final class ApplianceAuth {

    private final ApplianceStore store;
    private final TtlCache<String, Appliance> cache;

    public ApplianceAuth(ApplianceStore store, Duration ttl) {
        this.store = store;
        this.cache = new TtlCache<>(ttl, 100_000);
    }

    /** @return fails with 401 when the key is missing or unknown */
    public Future<Appliance> authenticate(String apiKey) {
        if (apiKey == null || apiKey.isBlank()) {
            return Future.failedFuture(RelayException.unauthorized("missing API key"));
        }
        String hash = ApiKeys.sha256Hex(apiKey.strip());
        return cache.get(hash, h -> store.findByKeyHash(h).map(found -> found.orElseThrow(
                () -> RelayException.unauthorized("unknown API key"))));
    }

    /**
     * Checks that {@code publicKey} is the appliance's pinned key, pinning it if none is pinned yet.
     *
     * @return the appliance with its pinned key; fails with 401 when another key is pinned
     */
    public Future<Appliance> requirePinned(Appliance appliance, String publicKey) {
        if (publicKey.equals(appliance.pinnedKey())) {
            return Future.succeededFuture(appliance);
        }
        return store.pin(appliance.id(), publicKey).map(pinned -> {
            forget(appliance.id());
            if (!pinned.equals(publicKey)) {
                throw RelayException.unauthorized(PgEvidenceStore.PIN_MISMATCH);
            }
            return appliance.withPinnedKey(pinned);
        });
    }

    /** Drops cached identities of an appliance after a change to it. */
    public void forget(String applianceId) {
        cache.invalidateIf(a -> a.id().equals(applianceId));
    }
}
