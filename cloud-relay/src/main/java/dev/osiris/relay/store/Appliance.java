package dev.osiris.relay.store;

import dev.osiris.protocol.checkin.ReplacedChain;

import java.util.Optional;

/**
 * An appliance as its API key identifies it.
 *
 * @param pinnedKey base64 Ed25519 public key pinned at the first check-in, or null until then
 * @param replaces  the appliance this one replaced and where its chain ended, if it replaced one and no record of
 *                  its own chain has reached the relay yet
 */
public record Appliance(String id, String siteId, String partnerId, String pinnedKey,
                        Optional<ReplacedChain> replaces) {

    public Appliance withPinnedKey(String key) {
        return new Appliance(id, siteId, partnerId, key, replaces);
    }
}
