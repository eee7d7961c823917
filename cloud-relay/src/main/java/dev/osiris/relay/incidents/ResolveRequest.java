package dev.osiris.relay.incidents;

import com.fasterxml.jackson.databind.JsonNode;
import dev.osiris.protocol.InvalidMessageException;
import dev.osiris.protocol.checkin.Resolution;
import dev.osiris.protocol.json.Fields;

import java.util.Iterator;
import java.util.Set;

/**
 * The body of {@code POST /api/sites/{id}/incidents/{incidentId}/resolve}:
 * {@code {"action":"runbook","runbookId":"RB-...","note":"..."}} or {@code {"action":"manual","note":"..."}}.
 *
 * @param runbookId null for a manual resolution
 */
public record ResolveRequest(String action, String runbookId, String note) {

    private static final Set<String> KNOWN = Set.of("action", "runbookId", "note");

    /** @throws InvalidMessageException naming the offending field */
    public static ResolveRequest fromJson(JsonNode body) {
        Fields f = new Fields(body, "resolution");
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!KNOWN.contains(name)) {
                throw new InvalidMessageException(f.path(name) + " is not a resolution field (known: " + KNOWN + ")");
            }
        }
        String action = f.requireString("action");
        if (!Resolution.ACTIONS.contains(action)) {
            throw new InvalidMessageException(f.path("action") + " must be runbook or manual");
        }
        String runbookId = null;
        if (action.equals(Resolution.RUNBOOK)) {
            runbookId = Fields.identifier(body.get("runbookId"), f.path("runbookId"));
        } else if (f.has("runbookId")) {
            throw new InvalidMessageException(f.path("runbookId") + " is only for action runbook");
        }
        String note = f.has("note") ? f.requireString("note") : "";
        if (note.length() > Resolution.MAX_NOTE) {
            throw new InvalidMessageException(f.path("note") + " is longer than " + Resolution.MAX_NOTE + " characters");
        }
        return new ResolveRequest(action, runbookId, note);
    }
}
