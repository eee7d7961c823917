package dev.osiris.relay.store;

import io.vertx.core.Future;

import java.util.List;
import java.util.Optional;

/** Partners and their operator keys (stored as SHA-256 hex only). */
public interface OperatorStore {

    /** @return the new partner's id */
    Future<String> createPartner(String name);

    /** Every partner, oldest first. */
    Future<List<Partner>> partners();

    /** @return fails with 404 if the partner does not exist */
    Future<Void> addKey(String keySha256, String name, String partnerId, dev.osiris.relay.auth.Role role);

    /**
     * The operator whose key hashes to {@code keySha256}, unless the key is revoked; notes the key's use (to the
     * minute) on the way.
     */
    Future<Optional<Operator>> operatorOf(String keySha256);

    /** The tenant's operator keys, newest first. */
    Future<List<ApiKeyInfo>> keys(Tenant tenant);

    /**
     * Revokes an operator key of the tenant and writes an audit row.
     *
     * @return fails with 404 for a key the tenant cannot see, 409 for one revoked already
     */
    Future<Void> revoke(Tenant tenant, String keyId, String actor);

    /**
     * Gives an operator key of the tenant a new name; the key itself and its role stay.
     *
     * @return fails with 404 for a key the tenant cannot see, 409 for a revoked one
     */
    Future<Void> rename(Tenant tenant, String keyId, String name);
}
