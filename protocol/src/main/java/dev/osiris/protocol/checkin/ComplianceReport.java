package dev.osiris.protocol.checkin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.protocol.json.Fields;
import dev.osiris.protocol.json.Json;

import java.time.Instant;
import java.util.List;

/**
 * The appliance's compliance score per framework, computed from its latest evidence and sent with each check-in.
 *
 * @param computedAt when it was computed; null in {@link #EMPTY}, before the first scan
 */
public record ComplianceReport(Instant computedAt, List<FrameworkScore> frameworks) {

    public static final ComplianceReport EMPTY = new ComplianceReport(null, List.of());

    public ComplianceReport {
        frameworks = List.copyOf(frameworks);
    }

    /** {@code {"computedAt": "..." | null, "frameworks": [...]}} */
    public ObjectNode toJson() {
        ObjectNode json = Json.object();
        if (computedAt == null) {
            json.putNull("computedAt");
        } else {
            json.put("computedAt", computedAt.toString());
        }
        ArrayNode array = json.putArray("frameworks");
        frameworks.forEach(s -> array.add(s.toJson()));
        return json;
    }

    public static ComplianceReport fromJson(JsonNode node, String path) {
        return read(new Fields(node, path));
    }

    public static ComplianceReport read(Fields f) {
        ComplianceReport report = new ComplianceReport(f.optionalInstant("computedAt"),
                f.requireObjects("frameworks", FrameworkScore.FRAMEWORKS.size(), FrameworkScore::read));
        f.refuseUnknown();
        return report;
    }
}
