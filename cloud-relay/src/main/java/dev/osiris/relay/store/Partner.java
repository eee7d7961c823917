package dev.osiris.relay.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.protocol.json.Json;

import java.time.Instant;

/** A partner (an MSP): the tenant its sites, users and keys belong to. */
public record Partner(String id, String name, Instant createdAt) {

    public ObjectNode toJson() {
        return Json.object().put("id", id).put("name", name).put("createdAt", createdAt.toString());
    }
}
