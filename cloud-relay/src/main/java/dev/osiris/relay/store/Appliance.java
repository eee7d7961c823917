package dev.osiris.relay.store;

/**
 * An appliance as its API key identifies it.
 *
 * @param pinnedKey base64 Ed25519 public key pinned at the first check-in, or null until then (or after a rotation)
 */
public record Appliance(String id, String siteId, String partnerId, String pinnedKey) {

    public Appliance withPinnedKey(String key) {
        return new Appliance(id, siteId, partnerId, key);
    }
}
