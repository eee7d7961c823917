package dev.osiris.relay.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;

import java.util.List;
import java.util.Optional;

/** Appliances, their API keys (as SHA-256 hex only) and their pinned public keys. Tenant-scoped calls fail with 404. */
public interface ApplianceStore {

    /** @return the new appliance's id */
    Future<String> provision(Tenant tenant, String siteId, String apiKeySha256);

    Future<Optional<Appliance>> findByKeyHash(String apiKeySha256);

    Future<Appliance> get(Tenant tenant, String applianceId);

    /**
     * Pins {@code publicKey} if the appliance has no key pinned yet.
     *
     * @return the key pinned after the call: {@code publicKey}, or the one pinned before
     */
    Future<String> pin(String applianceId, String publicKey);

    /** Clears the pinned key so that the next check-in pins a new one. */
    Future<Void> clearPin(Tenant tenant, String applianceId);

    Future<List<ApplianceStatus>> list(Tenant tenant, String siteId);

    /** Queues an order for the appliance; it is sent with each check-in until acknowledged. */
    Future<String> addOrder(Tenant tenant, String applianceId, String type, ObjectNode payload);
}
