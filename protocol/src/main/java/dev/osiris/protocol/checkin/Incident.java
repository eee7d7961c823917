package dev.osiris.protocol.checkin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.protocol.json.Fields;
import dev.osiris.protocol.json.Json;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A drift the appliance escalates to a human (L3), reported in a check-in until the relay has it; the relay
 * stores it once per (appliance, id).
 *
 * @param id             made by the appliance, a lower-case token of at most 64 characters, stable across re-sends
 * @param host           the host that drifted
 * @param runbookId      the catalog runbook whose check drifted, e.g. {@code RB-WIN-FIREWALL-001}
 * @param runbookVersion that runbook's version
 * @param severity       one of {@link #SEVERITIES}
 * @param reason         why a human must look, one of {@link #REASONS}
 * @param summary        one line for a person (already scrubbed of PHI by the appliance)
 * @param observed       the detect result that drifted, at most {@link #MAX_OBSERVED_BYTES} encoded
 * @param raisedAt       when the appliance escalated
 * @param evidenceSeq    the escalation's record in the appliance's evidence chain
 */
public record Incident(String id, String host, String runbookId, int runbookVersion, String severity, String reason,
                       String summary, ObjectNode observed, Instant raisedAt, long evidenceSeq) {

    public static final List<String> SEVERITIES = List.of("low", "medium", "high", "critical");
    public static final List<String> REASONS = List.of("detect-only", "escalate-policy", "heal-failed", "flapping",
            "no-rule", "dry-run", "enforced-by-policy");
    public static final int MAX_SUMMARY = 2_000;
    public static final int MAX_OBSERVED_BYTES = 16 * 1024;

    public Incident {
        Objects.requireNonNull(id, "incident.id");
        Objects.requireNonNull(observed, "incident.observed");
        Objects.requireNonNull(raisedAt, "incident.raisedAt");
    }

    public ObjectNode toJson() {
        ObjectNode json = Json.object();
        json.put("id", id);
        json.put("host", host);
        json.put("runbookId", runbookId);
        json.put("runbookVersion", runbookVersion);
        json.put("severity", severity);
        json.put("reason", reason);
        json.put("summary", summary);
        json.set("observed", observed);
        json.put("raisedAt", raisedAt.toString());
        json.put("evidenceSeq", evidenceSeq);
        return json;
    }

    public static Incident fromJson(JsonNode node, String path) {
        return read(new Fields(node, path));
    }

    public static Incident read(Fields f) {
        Incident incident = new Incident(f.requireToken("id"), f.requireName("host", 255),
                WireChecks.identifier(f, "runbookId"),
                f.requireInt("runbookVersion", 1, 1_000_000), WireChecks.oneOf(f, "severity", SEVERITIES),
                WireChecks.oneOf(f, "reason", REASONS), f.requireText("summary", MAX_SUMMARY),
                WireChecks.boundedObject(f, "observed", MAX_OBSERVED_BYTES), f.requireInstant("raisedAt"),
                f.requireNonNegative("evidenceSeq"));
        f.refuseUnknown();
        return incident;
    }
}
