package dev.osiris.protocol.checkin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.protocol.InvalidMessageException;
import dev.osiris.protocol.json.Fields;
import dev.osiris.protocol.json.Json;

import java.time.Instant;
import java.util.List;

/**
 * How an operator resolved an incident at the relay, sent to the appliance in every check-in response until the
 * appliance acknowledges it; the appliance's learning flywheel records it.
 *
 * @param incidentId the appliance's incident id
 * @param action     {@code runbook} (the operator chose a catalog runbook to apply) or {@code manual}
 * @param runbookId  the chosen runbook for {@code runbook}, null for {@code manual}
 * @param note       the operator's words, may be empty
 * @param resolvedBy the name of the operator key that resolved it
 * @param resolvedAt when it was resolved
 */
public record Resolution(String incidentId, String action, String runbookId, String note, String resolvedBy,
                         Instant resolvedAt) {

    public static final String RUNBOOK = "runbook";
    public static final String MANUAL = "manual";
    public static final List<String> ACTIONS = List.of(RUNBOOK, MANUAL);
    public static final int MAX_NOTE = 2_000;

    public Resolution {
        if (RUNBOOK.equals(action) != (runbookId != null)) {
            throw new InvalidMessageException("resolution.runbookId must be given exactly when action is runbook");
        }
    }

    public ObjectNode toJson() {
        ObjectNode json = Json.object();
        json.put("incidentId", incidentId);
        json.put("action", action);
        if (runbookId != null) {
            json.put("runbookId", runbookId);
        }
        json.put("note", note);
        json.put("resolvedBy", resolvedBy);
        json.put("resolvedAt", resolvedAt.toString());
        return json;
    }

    public static Resolution fromJson(JsonNode node, String path) {
        return read(Fields.lenient(node, path));
    }

    public static Resolution read(Fields f) {
        String action = WireChecks.oneOf(f, "action", ACTIONS);
        String runbookId = null;
        if (action.equals(RUNBOOK)) {
            runbookId = WireChecks.identifier(f, "runbookId");
        } else if (f.has("runbookId")) {
            throw new InvalidMessageException(f.path("runbookId") + " is only for action runbook");
        }
        Resolution resolution = new Resolution(f.requireToken("incidentId"), action, runbookId,
                WireChecks.optionalString(f, "note", MAX_NOTE), f.requireName("resolvedBy", 200),
                f.requireInstant("resolvedAt"));
        f.refuseUnknown();
        return resolution;
    }
}
