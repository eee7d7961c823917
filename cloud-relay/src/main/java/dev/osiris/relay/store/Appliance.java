package dev.osiris.relay.store;

import dev.osiris.protocol.checkin.ReplacedChain;
import dev.osiris.protocol.evidence.ApplianceKey;

import java.util.Optional;

/**
 * An appliance as its API key identifies it.
 *
 * @param pinnedKey the Ed25519 public key pinned at the first check-in, decoded once when the identity is loaded (the
 *                  identity cache keeps it, so that a request's signature is verified without decoding the key
 *                  again), or null until then
 * @param replaces  the appliance this one replaced and where its chain ended, if it replaced one and no record of
 *                  its own chain has reached the relay yet
 */
public record Appliance(String id, String siteId, String partnerId, ApplianceKey.PublicKey pinnedKey,
                        Optional<ReplacedChain> replaces) {

    public Appliance withPinnedKey(ApplianceKey.PublicKey key) {
        return new Appliance(id, siteId, partnerId, key, replaces);
    }
}
