package dev.osiris.protocol.runbook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.protocol.json.Json;

/**
 * A site's parameters for runbooks (its DNS servers, allowed administrators, log host, ...), set by the partner
 * at the relay and delivered with the check-in. A parameter not in the baseline falls back to the runbook's default.
 */
public record Baseline(ObjectNode values) {

    public static final Baseline EMPTY = new Baseline(Json.object());

    public Baseline {
        values = values == null ? Json.object() : values.deepCopy();
    }

    /** The value for {@code name}: the site's if set, else the runbook's default, else null. */
    public JsonNode resolve(Runbook runbook, String name) {
        JsonNode site = values.get(name);
        if (site != null && !site.isNull()) {
            return site;
        }
        JsonNode fallback = runbook.params().get(name);
        return fallback == null || fallback.isNull() ? null : fallback;
    }
}
