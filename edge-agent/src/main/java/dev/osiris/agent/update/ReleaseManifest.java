package dev.osiris.agent.update;

import com.fasterxml.jackson.databind.JsonNode;
import dev.osiris.protocol.evidence.ApplianceKey;
import dev.osiris.protocol.json.Json;

import java.io.IOException;
import java.util.Base64;

/**
 * A release's manifest, signed (Ed25519) by the release key pinned in the appliance's configuration; the relay
 * only carries it, so a compromised relay cannot make the appliance install an image the release key did not sign.
 *
 * @param rollback the release is a signed rollback: it may install a version older than the running one
 */
public record ReleaseManifest(String version, long size, String sha256, boolean rollback) {

    /**
     * Checks the signature over the manifest's bytes, that the manifest names the order's version, size and hash,
     * and that it is not a downgrade below {@code running} unless signed as a rollback.
     *
     * @throws UpdateRefused saying which of these failed
     */
    public static ReleaseManifest verify(UpdateRequest request, ApplianceKey.PublicKey releaseKey, String running) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(request.manifest());
        } catch (IllegalArgumentException e) {
            throw new UpdateRefused("manifest: not base64");
        }
        boolean signed;
        try {
            signed = releaseKey.verifyBase64(bytes, request.signature());
        } catch (RuntimeException e) {
            signed = false;
        }
        if (!signed) {
            throw new UpdateRefused("signature: the manifest is not signed by the pinned release key");
        }
        ReleaseManifest m = parse(bytes);
        if (!m.version.equals(request.version()) || m.size != request.size() || !m.sha256.equals(request.sha256())) {
            throw new UpdateRefused("manifest: names " + m.version + " (" + m.size + " bytes, sha256 " + m.sha256
                    + "), the order " + request.version() + " (" + request.size() + " bytes, sha256 " + request.sha256() + ")");
        }
        int order = Versions.compare(m.version, running);
        if (order < 0 && !m.rollback) {
            throw new UpdateRefused("version: " + m.version + " is older than the running " + running
                    + " and the manifest is not a signed rollback release");
        }
        if (order == 0) {
            throw new UpdateRefused("version: " + m.version + " is the running version");
        }
        return m;
    }

    private static ReleaseManifest parse(byte[] bytes) {
        JsonNode json;
        try {
            json = Json.MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new UpdateRefused("manifest: signed but not JSON");
        }
        if (json == null || !json.path("version").isTextual() || !json.path("size").canConvertToLong()
                || !json.path("sha256").isTextual()) {
            throw new UpdateRefused("manifest: signed but lacks version, size or sha256");
        }
        return new ReleaseManifest(json.get("version").asText(), json.get("size").asLong(),
                json.get("sha256").asText(), json.path("rollback").asBoolean(false));
    }
}
