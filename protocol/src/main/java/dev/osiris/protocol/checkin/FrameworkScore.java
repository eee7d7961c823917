package dev.osiris.protocol.checkin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.protocol.json.Fields;
import dev.osiris.protocol.json.Json;

import java.util.List;

/**
 * A site's standing in one framework: how many of its controls pass, fail or cannot be told, and each control.
 *
 * @param framework one of {@link #FRAMEWORKS}
 */
public record FrameworkScore(String framework, int passing, int failing, int unknown, List<ControlStatus> controls) {

    public static final List<String> FRAMEWORKS = List.of("hipaa", "soc2", "pci-dss-4", "nist-csf-2", "cis-v8");
    public static final int MAX_CONTROLS = 2_000;

    public FrameworkScore {
        controls = List.copyOf(controls);
    }

    public ObjectNode toJson() {
        ObjectNode json = Json.object();
        json.put("framework", framework);
        json.put("passing", passing);
        json.put("failing", failing);
        json.put("unknown", unknown);
        ArrayNode array = json.putArray("controls");
        controls.forEach(c -> array.add(c.toJson()));
        return json;
    }

    public static FrameworkScore fromJson(JsonNode node, String path) {
        return read(new Fields(node, path));
    }

    public static FrameworkScore read(Fields f) {
        FrameworkScore score = new FrameworkScore(WireChecks.oneOf(f, "framework", FRAMEWORKS),
                f.requireInt("passing", 0, MAX_CONTROLS), f.requireInt("failing", 0, MAX_CONTROLS),
                f.requireInt("unknown", 0, MAX_CONTROLS),
                f.requireObjects("controls", MAX_CONTROLS, ControlStatus::read));
        f.refuseUnknown();
        return score;
    }
}
