package dev.osiris.relay.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.protocol.checkin.EvidenceHead;
import io.vertx.core.Future;

import java.util.List;
import java.util.Optional;

/**
 * Appliances, their API keys (as SHA-256 hex only) and their pinned public keys. Tenant-scoped calls fail with 404
 * for an appliance or site the tenant cannot see.
 */
public interface ApplianceStore {

    /** A replacement made: the new appliance, and where the replaced one's chain ended. */
    record Replaced(String applianceId, String replacedId, EvidenceHead finalHead) {
    }

    /** @return the new appliance's id */
    Future<String> provision(Tenant tenant, String siteId, String apiKeySha256);

    /** The appliance whose key hashes to {@code apiKeySha256}, unless that key is revoked. */
    Future<Optional<Appliance>> findByKeyHash(String apiKeySha256);

    Future<Appliance> get(Tenant tenant, String applianceId);

    /**
     * Pins {@code publicKey} if the appliance has no key pinned yet.
     *
     * @return the key pinned after the call: {@code publicKey}, or the one pinned before
     */
    Future<String> pin(String applianceId, String publicKey);

    /**
     * In one transaction: revokes the appliance's API key, ends its evidence chain (kept, with its pinned key, so it
     * still verifies), provisions a successor at the same site with {@code newKeySha256} that starts a new chain,
     * and writes an audit row.
     *
     * @return fails with 404 for an unknown appliance, 409 when it has been replaced already
     */
    Future<Replaced> replace(Tenant tenant, String applianceId, String newKeySha256, String actor, String reason);

    /** Revokes the appliance's API key; it can check in again only once replaced. Fails with 404 or 409 (revoked). */
    Future<Void> revokeKey(Tenant tenant, String applianceId, String actor);

    /** The keys of the tenant's appliances, newest first. */
    Future<List<ApiKeyInfo>> keys(Tenant tenant);

    Future<List<ApplianceStatus>> list(Tenant tenant, String siteId);

    /** Queues an order for the appliance; it is sent with each check-in until acknowledged. */
    Future<String> addOrder(Tenant tenant, String applianceId, String type, ObjectNode payload);
}
