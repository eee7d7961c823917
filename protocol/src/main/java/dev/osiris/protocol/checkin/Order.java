package dev.osiris.protocol.checkin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.protocol.json.Fields;
import dev.osiris.protocol.json.Json;

import java.time.Instant;

/**
 * Something the relay asks the appliance to do (scan now, rotate, update, ...). The appliance acknowledges
 * an order by id in its next check-in, after which the relay stops sending it.
 */
public record Order(String id, String type, ObjectNode payload, Instant issuedAt) {

    public ObjectNode toJson() {
        ObjectNode json = Json.object();
        json.put("id", id);
        json.put("type", type);
        json.set("payload", payload);
        json.put("issuedAt", issuedAt.toString());
        return json;
    }

    public static Order fromJson(JsonNode node, String path) {
        return read(Fields.lenient(node, path));
    }

    public static Order read(Fields f) {
        Order order = new Order(f.requireName("id", 64), f.requireToken("type"), f.requireObject("payload"),
                f.requireInstant("issuedAt"));
        f.refuseUnknown();
        return order;
    }
}
