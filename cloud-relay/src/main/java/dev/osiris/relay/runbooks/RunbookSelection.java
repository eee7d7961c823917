package dev.osiris.relay.runbooks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.osiris.protocol.InvalidMessageException;
import dev.osiris.protocol.checkin.HealingMode;
import dev.osiris.protocol.json.Fields;
import dev.osiris.protocol.runbook.Runbook;
import dev.osiris.protocol.runbook.RunbookCatalog;
import dev.osiris.relay.store.SitePatch;

import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads {@code PUT /api/sites/{id}/runbooks}: {@code {"enabled": [ids] | "all"}} plus optional {@code healingMode},
 * {@code dryRun}, {@code scanIntervalSeconds} and {@code baseline}, checked against the catalog before anything is
 * written, so that a refused request leaves the site as it was.
 */
public final class RunbookSelection {

    private static final Set<String> KNOWN = Set.of("enabled", "healingMode", "dryRun", "scanIntervalSeconds",
            "baseline");

    private RunbookSelection() {
    }

    /** @throws InvalidMessageException naming the first unknown field, bad value or unknown runbook id */
    public static SitePatch parse(JsonNode body, RunbookCatalog catalog) {
        Fields f = new Fields(body, "runbooks");
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!KNOWN.contains(name)) {
                throw new InvalidMessageException(f.path(name) + " is not a runbook setting (known: " + KNOWN + ")");
            }
        }
        SitePatch patch = SitePatch.none();
        if (f.has("enabled")) {
            patch = patch.withEnabledRunbooks(enabled(f, body.get("enabled"), catalog));
        }
        if (f.has("healingMode")) {
            patch = patch.withHealingMode(HealingMode.fromWire(f.requireString("healingMode"), f.path("healingMode")));
        }
        if (f.has("dryRun")) {
            patch = patch.withDryRun(f.requireBoolean("dryRun"));
        }
        return patch.withScanAndBaseline(f);
    }

    private static List<String> enabled(Fields f, JsonNode value, RunbookCatalog catalog) {
        if (value.isTextual() && value.textValue().equals("all")) {
            return catalog.all().stream().map(Runbook::id).toList();
        }
        if (!value.isArray()) {
            throw new InvalidMessageException(f.path("enabled") + " must be an array of runbook ids or \"all\"");
        }
        List<String> ids = f.requireList("enabled", 1000, Fields::identifier);
        for (int i = 0; i < ids.size(); i++) {
            if (!catalog.contains(ids.get(i))) {
                throw new InvalidMessageException(f.path("enabled") + "[" + i + "]: unknown runbook " + ids.get(i));
            }
        }
        return ids.stream().distinct().toList();
    }
}
