package dev.osiris.relay.store;

import io.vertx.core.Future;

import java.util.Optional;

/** Partners and their operator keys (stored as SHA-256 hex only). */
public interface OperatorStore {

    /** @return the new partner's id */
    Future<String> createPartner(String name);

    /** @return fails with 404 if the partner does not exist */
    Future<Void> addKey(String keySha256, String name, String partnerId);

    /** The operator whose key hashes to {@code keySha256}, if any. */
    Future<Optional<Operator>> operatorOf(String keySha256);
}
