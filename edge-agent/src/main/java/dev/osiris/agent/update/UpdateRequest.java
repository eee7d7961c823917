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
 * @param rolloutId the relay's rollout the order belongs to, or null (an order outside a rollout, or from a relay
 *                  older than rollouts): saved with the update and reported with each check-in, so that the relay
 *                  counts the report for that rollout and no other
 */
public record UpdateRequest(String version, URI url, long size, String sha256, String manifest, String signature,
                            String rolloutId) {

    private static final Pattern VERSION = Pattern.compile("[0-9]+(\\.[0-9]+){0,3}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern ROLLOUT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

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
        if (rolloutId != null && !ROLLOUT.matcher(rolloutId).matches()) {
            throw new UpdateRefused("rolloutId: must be 1 to 64 of A-Z a-z 0-9 . _ -, got \"" + rolloutId + "\"");
        }
    }

    /** An order outside any rollout. */
    public UpdateRequest(String version, URI url, long size, String sha256, String manifest, String signature) {
        this(version, url, size, sha256, manifest, signature, null);
    }

    /** The same release, ordered by {@code rollout}. */
    public UpdateRequest inRollout(String rollout) {
        return new UpdateRequest(version, url, size, sha256, manifest, signature, rollout);
    }

    /** Reads an order payload; @throws UpdateRefused naming the field that is missing or wrong */
    public static UpdateRequest fromJson(JsonNode payload) {
        try {
            return new UpdateRequest(text(payload, "version"), URI.create(text(payload, "url")),
                    payload.path("size").canConvertToLong() ? payload.path("size").asLong() : -1,
                    text(payload, "sha256"), text(payload, "manifest"), text(payload, "signature"),
                    optionalText(payload, "rolloutId"));
        } catch (IllegalArgumentException e) {
            throw e instanceof UpdateRefused r ? r : new UpdateRefused("url: " + e.getMessage());
        }
    }

    public ObjectNode toJson() {
        ObjectNode json = Json.object().put("version", version).put("url", url.toString()).put("size", size)
                .put("sha256", sha256).put("manifest", manifest).put("signature", signature);
        return rolloutId == null ? json : json.put("rolloutId", rolloutId);
    }

    byte[] sha256Bytes() {
        return HexFormat.of().parseHex(sha256);
    }

    /** Absent (an older relay's order, a state file saved before rollouts) reads as null. */
    private static String optionalText(JsonNode payload, String field) {
        JsonNode v = payload.path(field);
        if (v.isMissingNode() || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new UpdateRefused(field + ": must be a string");
        }
        return v.asText();
    }

    private static String text(JsonNode payload, String field) {
        JsonNode v = payload.path(field);
        if (!v.isTextual()) {
            throw new UpdateRefused(field + ": is required (a string)");
        }
        return v.asText();
    }
}
