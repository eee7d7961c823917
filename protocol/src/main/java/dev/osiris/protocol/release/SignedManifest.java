package dev.osiris.protocol.release;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.protocol.InvalidMessageException;
import dev.osiris.protocol.evidence.ApplianceKey;
import dev.osiris.protocol.json.Fields;
import dev.osiris.protocol.json.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * A release manifest as the release engineer signs it and the appliance verifies it (the agent's
 * {@code ReleaseManifest}): the manifest's JSON bytes ({@code version}, {@code size}, {@code sha256}, {@code rollback})
 * in base64, and the release key's Ed25519 signature over exactly those bytes, in base64. The relay checks the same
 * signature when a release is added, so that it never offers what the appliances would refuse.
 */
public record SignedManifest(String manifest, String signature) {

    /** What the signed bytes say. */
    public record Manifest(String version, long size, String sha256, boolean rollback) {
    }

    private static final Pattern VERSION = Pattern.compile("[0-9]+(\\.[0-9]+){0,3}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    /** Signs a manifest for an image of {@code size} bytes with this SHA-256 (hex). */
    public static SignedManifest sign(ApplianceKey releaseKey, Manifest m) {
        check(m, "manifest");
        ObjectNode json = Json.object().put("version", m.version()).put("size", m.size()).put("sha256", m.sha256())
                .put("rollback", m.rollback());
        byte[] bytes = Json.text(json).getBytes(StandardCharsets.UTF_8);
        return new SignedManifest(Base64.getEncoder().encodeToString(bytes), releaseKey.signBase64(bytes));
    }

    /**
     * Checks the signature against the release public key and reads the signed manifest.
     *
     * @throws InvalidMessageException saying whether the signature or the manifest is wrong
     */
    public Manifest verify(ApplianceKey.PublicKey releaseKey) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(manifest);
        } catch (IllegalArgumentException e) {
            throw new InvalidMessageException("manifest.manifest is not base64");
        }
        boolean signed;
        try {
            signed = releaseKey.verifyBase64(bytes, signature);
        } catch (RuntimeException e) {
            signed = false;
        }
        if (!signed) {
            throw new InvalidMessageException("manifest.signature: not signed by the release key this relay trusts ("
                    + releaseKey.base64() + ")");
        }
        JsonNode json;
        try {
            json = Json.MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new InvalidMessageException("manifest.manifest is signed but not JSON");
        }
        if (json == null || !json.path("version").isTextual() || !json.path("size").canConvertToLong()
                || !json.path("sha256").isTextual()) {
            throw new InvalidMessageException("manifest.manifest is signed but lacks version, size or sha256");
        }
        Manifest m = new Manifest(json.get("version").asText(), json.get("size").asLong(), json.get("sha256").asText(),
                json.path("rollback").asBoolean(false));
        check(m, "manifest.manifest");
        return m;
    }

    /** The manifest file {@code release sign} writes and {@code release add} reads. */
    public ObjectNode toJson() {
        return Json.object().put("manifest", manifest).put("signature", signature);
    }

    /** Reads a manifest file strictly; an unsigned one (no signature) is refused saying so. */
    public static SignedManifest fromJson(JsonNode node) {
        Fields f = new Fields(node, "manifest");
        if (!f.has("signature")) {
            throw new InvalidMessageException("manifest.signature is missing: the manifest is not signed");
        }
        SignedManifest m = new SignedManifest(f.requireName("manifest", 16_384), f.requireName("signature", 200));
        f.refuseUnknown();
        return m;
    }

    private static void check(Manifest m, String path) {
        if (m.version() == null || !VERSION.matcher(m.version()).matches()) {
            throw new InvalidMessageException(path + ".version must be dotted numbers, got \"" + m.version() + "\"");
        }
        if (m.size() <= 0) {
            throw new InvalidMessageException(path + ".size must be positive, got " + m.size());
        }
        if (m.sha256() == null || !SHA256.matcher(m.sha256()).matches()) {
            throw new InvalidMessageException(path + ".sha256 must be 64 lower-case hex digits");
        }
    }
}
