package dev.osiris.agent.update;

import dev.osiris.protocol.evidence.ApplianceKey;
import dev.osiris.protocol.json.Json;

import java.net.URI;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** A release key and the signed update orders it makes, as the release pipeline would. */
final class Releases {

    final ApplianceKey key = ApplianceKey.generate(new SecureRandom());

    static byte[] image(int size, int seed) {
        byte[] bytes = new byte[size];
        new java.util.Random(seed).nextBytes(bytes);
        return bytes;
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    UpdateRequest signed(String version, URI url, byte[] image, boolean rollback) throws Exception {
        return signedBy(key, version, url, image.length, sha256(image), rollback);
    }

    static UpdateRequest signedBy(ApplianceKey key, String version, URI url, long size, String sha256, boolean rollback) {
        byte[] manifest = Json.bytes(Json.object().put("version", version).put("size", size).put("sha256", sha256)
                .put("rollback", rollback));
        return new UpdateRequest(version, url, size, sha256, Base64.getEncoder().encodeToString(manifest),
                key.signBase64(manifest));
    }
}
