package dev.osiris.relay.auth;

import dev.osiris.relay.RelayException;
import dev.osiris.relay.store.Appliance;
import dev.osiris.relay.store.ApplianceStore;
import dev.osiris.relay.store.PgEvidenceStore;
import io.vertx.core.Future;

/**
 * Authenticates appliances by API key and enforces the key pin. Each request looks its key up (one indexed
 * query) rather than trusting a cached identity, so that a key revoked or replaced by any relay process or the
 * CLI is refused at once by every relay over the same database.
 */
public final class ApplianceAuth {

    private final ApplianceStore store;

    public ApplianceAuth(ApplianceStore store) {
        this.store = store;
    }

    /** @return fails with 401 when the key is missing, unknown or revoked */
    public Future<Appliance> authenticate(String apiKey) {
        if (apiKey == null || apiKey.isBlank()) {
            return Future.failedFuture(RelayException.unauthorized("missing API key"));
        }
        String hash = ApiKeys.sha256Hex(apiKey.strip());
        return store.findByKeyHash(hash).map(found -> found.orElseThrow(
                () -> RelayException.unauthorized("unknown API key")));
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
            if (!pinned.equals(publicKey)) {
                throw RelayException.unauthorized(PgEvidenceStore.PIN_MISMATCH);
            }
            return appliance.withPinnedKey(pinned);
        });
    }
}
