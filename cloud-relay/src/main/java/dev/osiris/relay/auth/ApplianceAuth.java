package dev.osiris.relay.auth;

import dev.osiris.protocol.evidence.ApplianceKey;
import dev.osiris.relay.RelayException;
import dev.osiris.relay.store.Appliance;
import dev.osiris.relay.store.ApplianceStore;
import dev.osiris.relay.store.PgEvidenceStore;
import dev.osiris.relay.store.ChangeFeed;
import dev.osiris.relay.store.TtlCache;
import io.vertx.core.Future;

import java.time.Duration;

/**
 * Authenticates appliances by API key and enforces the key pin. Identities are cached by key hash, and an entry
 * is dropped as soon as the {@link ChangeFeed} announces a change of that appliance's key, pin, site or chain
 * (any relay process or the CLI, at commit), so that a revoked or replaced key is refused by every relay over
 * the same database within a moment; while the feed is down every request looks its key up (one indexed query).
 * Unknown keys are not cached.
 */
public final class ApplianceAuth {

    /** A backstop only: announcements, not this time, keep entries current. */
    static final Duration TTL = Duration.ofMinutes(5);

    private final ApplianceStore store;
    private final TtlCache<String, Appliance> identities;

    public ApplianceAuth(ApplianceStore store, ChangeFeed feed) {
        this.store = store;
        this.identities = new TtlCache<>(TTL, 400_000, System::nanoTime, feed::live);
        feed.onChange((kind, id) -> {
            if (kind.equals("key")) {
                identities.invalidate(id);
            }
        }, identities::clear);
    }

    /** @return fails with 401 when the key is missing, unknown or revoked */
    public Future<Appliance> authenticate(String apiKey) {
        if (apiKey == null || apiKey.isBlank()) {
            return Future.failedFuture(RelayException.unauthorized("missing API key"));
        }
        String hash = ApiKeys.sha256Hex(apiKey.strip());
        // an identity that still names the appliance it replaced changes when its own chain's first bundle commits,
        // and the check-in after that bundle must no longer name it: the announcement may reach this relay later
        // than the appliance does, so such an identity (one per replacement, until its first upload) is not cached
        return identities.get(hash, h -> store.findByKeyHash(h).map(found -> found.orElseThrow(
                () -> RelayException.unauthorized("unknown API key"))), appliance -> appliance.replaces().isEmpty());
    }

    /**
     * Checks that {@code publicKey} is the appliance's pinned key, pinning it if none is pinned yet.
     *
     * @return the appliance with its pinned key; fails with 401 when another key is pinned
     */
    public Future<Appliance> requirePinned(Appliance appliance, ApplianceKey.PublicKey publicKey) {
        if (publicKey.equals(appliance.pinnedKey())) {
            return Future.succeededFuture(appliance);
        }
        // the pin's commit announces the appliance's change, which drops its cached identity
        return store.pin(appliance.id(), publicKey.base64()).map(pinned -> {
            if (!pinned.equals(publicKey.base64())) {
                throw RelayException.unauthorized(PgEvidenceStore.PIN_MISMATCH);
            }
            return appliance.withPinnedKey(publicKey);
        });
    }
}
