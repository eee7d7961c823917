package dev.osiris.protocol.checkin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.protocol.json.Fields;
import dev.osiris.protocol.json.Json;

import java.util.List;

/**
 * One control of a framework and whether the latest evidence shows it met.
 *
 * @param control  the framework's control id, e.g. {@code 164.312(b)} or {@code CC6.6}
 * @param status   one of {@link #STATUSES}
 * @param runbooks the runbooks whose checks evidence it
 */
public record ControlStatus(String control, String status, List<String> runbooks) {

    public static final List<String> STATUSES = List.of("passing", "failing", "unknown");

    public ControlStatus {
        runbooks = List.copyOf(runbooks);
    }

    public ObjectNode toJson() {
        ObjectNode json = Json.object();
        json.put("control", control);
        json.put("status", status);
        runbooks.forEach(json.putArray("runbooks")::add);
        return json;
    }

    public static ControlStatus fromJson(JsonNode node, String path) {
        return read(new Fields(node, path));
    }

    public static ControlStatus read(Fields f) {
        ControlStatus status = new ControlStatus(f.requireName("control", 64), WireChecks.oneOf(f, "status", STATUSES),
                f.requireList("runbooks", 500, Fields::identifier));
        f.refuseUnknown();
        return status;
    }
}
