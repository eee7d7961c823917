package dev.osiris.relay.api;

import dev.osiris.protocol.Api;
import dev.osiris.protocol.evidence.ApplianceKey;
import dev.osiris.relay.RelayException;

/** Checks the {@code X-Osiris-Signature} header over the exact body bytes. */
final class Signatures {

    private Signatures() {
    }

    /**
     * @throws RelayException 400 when the public key is malformed, 401 when the header is missing or the
     *                        signature does not verify
     */
    static void require(byte[] body, String signature, String publicKey, String keyPath) {
        ApplianceKey.PublicKey key;
        try {
            key = ApplianceKey.PublicKey.fromBase64(publicKey);
        } catch (IllegalArgumentException e) {
            throw RelayException.badRequest(keyPath + ": " + e.getMessage());
        }
        if (signature == null || signature.isBlank()) {
            throw RelayException.unauthorized(Api.SIGNATURE_HEADER + " header is required");
        }
        if (!key.verifyBase64(body, signature.strip())) {
            throw RelayException.unauthorized("the body's signature does not verify under " + keyPath);
        }
    }
}
