package dev.osiris.agent.compliance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.protocol.checkin.ComplianceReport;
import dev.osiris.protocol.checkin.FrameworkScore;
import dev.osiris.protocol.json.Json;
import dev.osiris.protocol.runbook.Framework;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A {@link ComplianceScore} as the check-in's {@link ComplianceReport}, and as the agent's {@code compliance.json}
 * (with failing and unknown hosts per control) that {@code agent compliance} prints.
 */
public final class ComplianceJson {

    private ComplianceJson() {
    }

    public static ComplianceReport report(ComplianceScore score) {
        List<FrameworkScore> frameworks = new ArrayList<>();
        for (FrameworkResult f : score.frameworks()) {
            List<dev.osiris.protocol.checkin.ControlStatus> controls = f.controls().stream()
                    .map(c -> new dev.osiris.protocol.checkin.ControlStatus(c.control(),
                            c.status().wire(), c.runbooks()))
                    .toList();
            frameworks.add(new FrameworkScore(f.framework().wire(), f.passing(), f.failing(), f.unknown(), controls));
        }
        return new ComplianceReport(score.computedAt(), frameworks);
    }

    public static ObjectNode toJson(ComplianceScore score) {
        ObjectNode json = Json.object().put("computedAt", score.computedAt().toString());
        ArrayNode frameworks = json.putArray("frameworks");
        for (FrameworkResult f : score.frameworks()) {
            ObjectNode fw = frameworks.addObject().put("framework", f.framework().wire()).put("passing", f.passing())
                    .put("failing", f.failing()).put("unknown", f.unknown());
            ArrayNode controls = fw.putArray("controls");
            for (ControlResult c : f.controls()) {
                ObjectNode cj = controls.addObject().put("control", c.control()).put("status", c.status().wire());
                c.runbooks().forEach(cj.putArray("runbooks")::add);
                c.failingHosts().forEach(cj.putArray("failingHosts")::add);
                c.unknownHosts().forEach(cj.putArray("unknownHosts")::add);
            }
        }
        return json;
    }

    public static ComplianceScore fromJson(JsonNode json) {
        List<FrameworkResult> frameworks = new ArrayList<>();
        for (JsonNode fw : json.path("frameworks")) {
            Framework framework = Framework.fromWire(fw.path("framework").asText());
            if (framework == null) {
                throw new IllegalArgumentException("unknown framework " + fw.path("framework"));
            }
            List<ControlResult> controls = new ArrayList<>();
            for (JsonNode c : fw.path("controls")) {
                // a compliance.json written before the statuses had wire names holds the constant's name
                ControlStatus status = ControlStatus.fromWire(c.path("status").asText().toLowerCase(Locale.ROOT));
                controls.add(new ControlResult(c.path("control").asText(), status,
                        texts(c.path("runbooks")), texts(c.path("failingHosts")), texts(c.path("unknownHosts"))));
            }
            frameworks.add(new FrameworkResult(framework, fw.path("passing").asInt(), fw.path("failing").asInt(),
                    fw.path("unknown").asInt(), controls));
        }
        return new ComplianceScore(Instant.parse(json.path("computedAt").asText()), frameworks);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
