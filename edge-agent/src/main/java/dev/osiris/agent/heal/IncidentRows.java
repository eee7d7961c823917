package dev.osiris.agent.heal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.protocol.checkin.Resolution;
import dev.osiris.protocol.json.Json;
import dev.osiris.protocol.runbook.Severity;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The JSON columns of the {@code incidents} table: an incident's body is its wire form (as in every database since
 * V2), a resolution's is the wire {@link Resolution}. Read leniently where the wire is strict: a body keeps what a
 * hostile host printed, and {@code relay.WireText} escapes it when a report is made.
 */
final class IncidentRows {

    private IncidentRows() {
    }

    static String body(RaisedIncident incident) {
        return Json.text(incident.toWire().toJson());
    }

    /** @throws IllegalStateException naming the incident and the field a stored body gets wrong */
    static RaisedIncident incident(String targetId, String body) {
        ObjectNode n = Json.parseObject(body);
        String id = n.path("id").asText();
        try {
            Severity severity = Severity.fromWire(n.path("severity").asText());
            if (severity == null) {
                throw new IllegalArgumentException("incident severity \"" + n.path("severity").asText()
                        + "\" is not one of low, medium, high, critical");
            }
            JsonNode observed = n.get("observed");
            return new RaisedIncident(id, targetId, n.path("host").asText(), n.path("runbookId").asText(),
                    n.path("runbookVersion").asInt(), severity, HealPlan.Reason.fromWire(n.path("reason").asText()),
                    n.path("summary").asText(), observed instanceof ObjectNode o ? o : Json.object(),
                    Instant.parse(n.path("raisedAt").asText()), n.path("evidenceSeq").asLong());
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new IllegalStateException("stored incident " + id + ": " + e.getMessage(), e);
        }
    }

    static String resolution(OperatorResolution resolution) {
        return Json.text(resolution.toWire().toJson());
    }

    /** @throws IllegalStateException naming the incident when the stored resolution is not one the wire allows */
    static OperatorResolution resolution(String incidentId, String text) {
        try {
            return OperatorResolution.of(Resolution.fromJson(Json.parseObject(text), "resolution"));
        } catch (RuntimeException e) {
            throw new IllegalStateException("stored resolution of incident " + incidentId + ": " + e.getMessage(), e);
        }
    }
}
