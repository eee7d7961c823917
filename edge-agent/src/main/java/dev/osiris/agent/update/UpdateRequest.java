package dev.osiris.agent.update;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.protocol.json.Json;

import java.net.URI;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The {@code update} order's payload: the release to install, as the relay relays it. Nothing here is trusted until
 * {@link ReleaseManifest#verify} has checked the manifest's signature against the pinned release key and that the
 * manifest names this same version, size and hash.
 *
 * @param manifest  base64 of the manifest's JSON bytes, signed as they are
 * @param signature base64 of the Ed25519 signature over those bytes
 */
public record UpdateRequest(String version, URI url, long size, String sha256, String manifest, String signature) {

    private static final Pattern VERSION = Pattern.compile("[0-9]+(\\.[0-9]+){0,3}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public UpdateRequest {
        if (version == null || !VERSION.matcher(version).matches()) {
            throw new UpdateRefused("version: must be dotted numbers (e.g. 1.4.2), got \"" + version + "\"");
        }
        if (url == null || url.getHost() == null || !("https".equals(url.getScheme()) || "http".equals(url.getScheme()))) {
            throw new UpdateRefused("url: must be an absolute https URL, got \"" + url + "\"");
        }
        if (size <= 0) {
            throw new UpdateRefused("size: must be a positive byte count, got " + size);
        }
        if (sha256 == null || !SHA256.matcher(sha256).matches()) {
            throw new UpdateRefused("sha256: must be 64 lower-case hex digits");
        }
        if (manifest == null || manifest.isBlank() || signature == null || signature.isBlank()) {
            throw new UpdateRefused("manifest and signature: both are required");
        }
    }

    /** Reads an order payload; @throws UpdateRefused naming the field that is missing or wrong */
    public static UpdateRequest fromJson(JsonNode payload) {
        try {
            return new UpdateRequest(text(payload, "version"), URI.create(text(payload, "url")),
                    payload.path("size").canConvertToLong() ? payload.path("size").asLong() : -1,
                    text(payload, "sha256"), text(payload, "manifest"), text(payload, "signature"));
        } catch (IllegalArgumentException e) {
            throw e instanceof UpdateRefused r ? r : new UpdateRefused("url: " + e.getMessage());
        }
    }

    public ObjectNode toJson() {
        return Json.object().put("version", version).put("url", url.toString()).put("size", size)
                .put("sha256", sha256).put("manifest", manifest).put("signature", signature);
    }

    byte[] sha256Bytes() {
        return HexFormat.of().parseHex(sha256);
    }

    private static String text(JsonNode payload, String field) {
        JsonNode v = payload.path(field);
        if (!v.isTextual()) {
            throw new UpdateRefused(field + ": is required (a string)");
        }
        return v.asText();
    }
}
