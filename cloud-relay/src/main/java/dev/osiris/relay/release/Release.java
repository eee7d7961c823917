package dev.osiris.relay.release;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.protocol.json.Json;

import java.time.Instant;
import java.util.Optional;

/**
 * A release the relay offers: its version, image size and SHA-256, the manifest signed by the release key (as the
 * appliance verifies it), and where the image comes from: a file the relay serves, or an HTTPS URL.
 *
 * @param imageFile the image's file name in the relay's release directory, when the relay serves it
 * @param url       the HTTPS URL the release names, when the relay does not serve the image
 */
public record Release(String version, long size, String sha256, String manifest, String signature, boolean rollback,
                      Optional<String> imageFile, Optional<String> url, String addedBy, Instant createdAt) {

    /** What {@code release list} and the API show: never the manifest's bytes. */
    public ObjectNode toJson() {
        ObjectNode json = Json.object().put("version", version).put("size", size).put("sha256", sha256)
                .put("rollback", rollback).put("addedBy", addedBy).put("createdAt", createdAt.toString());
        json.put("source", url.orElse("relay"));
        return json;
    }
}
