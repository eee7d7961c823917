package dev.osiris.relay.portal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.protocol.InvalidMessageException;
import dev.osiris.protocol.checkin.CheckinResponse;
import dev.osiris.protocol.json.Json;
import dev.osiris.relay.api.SecuredRoutes;
import dev.osiris.relay.incidents.ResolveRequest;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The site page's forms read into the bodies the operator API takes, so that the same validation refuses the same
 * values. Plain Java: a field the form does not have is refused by name, never ignored.
 */
final class SiteForms {

    /** A runbook checkbox is named by this prefix and the runbook's id. */
    static final String RUNBOOK_FIELD = "runbook.";

    private static final Set<String> SETTINGS = Set.of("healingMode", "dryRun", "scanIntervalSeconds", "baseline");
    private static final Set<String> RESOLUTION = Set.of("action", "runbookId", "note");

    private SiteForms() {
    }

    /**
     * The healing settings: {@code healingMode}, {@code dryRun} (a checkbox: present when checked),
     * {@code scanIntervalSeconds} and {@code baseline} (a JSON object; empty clears it).
     *
     * @throws InvalidMessageException naming the field and what it must be
     */
    static ObjectNode settings(Map<String, String> form) {
        refuseUnknown(form, SETTINGS);
        ObjectNode body = Json.object();
        body.put("healingMode", form.getOrDefault("healingMode", ""));
        body.put("dryRun", form.containsKey("dryRun"));
        body.put("scanIntervalSeconds", scanInterval(form.getOrDefault("scanIntervalSeconds", "")));
        String baseline = form.getOrDefault("baseline", "").strip();
        try {
            body.set("baseline", baseline.isEmpty() ? Json.object() : Json.parseObject(baseline));
        } catch (InvalidMessageException e) {
            throw new InvalidMessageException("baseline must be a JSON object, e.g. {\"dnsServers\": [\"10.0.0.10\"]}: "
                    + e.getMessage());
        }
        return body;
    }

    private static long scanInterval(String value) {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new InvalidMessageException("scan interval must be a whole number of seconds from "
                    + CheckinResponse.MIN_SCAN_INTERVAL + " to " + CheckinResponse.MAX_SCAN_INTERVAL + ", got \""
                    + value + "\"");
        }
    }

    /** The settings as the audit row keeps them: the baseline's parameter names, not its values. */
    static ObjectNode withoutBaselineValues(ObjectNode settings) {
        ObjectNode out = settings.deepCopy();
        ObjectNode baseline = (ObjectNode) out.remove("baseline");
        ArrayNode names = out.putArray("baselineParameters");
        baseline.fieldNames().forEachRemaining(names::add);
        return out;
    }

    /** The ids of the runbook checkboxes that are checked, in form order. */
    static List<String> enabledRunbooks(Map<String, String> form) {
        List<String> ids = new ArrayList<>();
        for (String name : form.keySet()) {
            if (name.equals(SecuredRoutes.CSRF_FIELD)) {
                continue;
            }
            if (!name.startsWith(RUNBOOK_FIELD) || name.length() == RUNBOOK_FIELD.length()) {
                throw new InvalidMessageException("form field " + name + " is not a runbook checkbox ("
                        + RUNBOOK_FIELD + "<runbook id>)");
            }
            ids.add(name.substring(RUNBOOK_FIELD.length()));
        }
        return ids;
    }

    /** {@code {"enabled": [...], "disabled": [...]}}: what a new selection changes against the old one. */
    static ObjectNode changes(List<String> before, List<String> after) {
        Set<String> added = new LinkedHashSet<>(after);
        before.forEach(added::remove);
        Set<String> removed = new LinkedHashSet<>(before);
        after.forEach(removed::remove);
        ObjectNode out = Json.object();
        added.forEach(out.putArray("enabled")::add);
        removed.forEach(out.putArray("disabled")::add);
        return out;
    }

    /** {@code action} (manual or runbook), {@code runbookId} for a runbook, and {@code note}. */
    static ResolveRequest resolution(Map<String, String> form) {
        refuseUnknown(form, RESOLUTION);
        ObjectNode body = Json.object().put("action", form.getOrDefault("action", ""))
                .put("note", form.getOrDefault("note", "").strip());
        if (form.containsKey("runbookId")) {
            body.put("runbookId", form.get("runbookId"));
        }
        return ResolveRequest.fromJson(body);
    }

    private static void refuseUnknown(Map<String, String> form, Set<String> known) {
        for (String name : form.keySet()) {
            if (!name.equals(SecuredRoutes.CSRF_FIELD) && !known.contains(name)) {
                throw new InvalidMessageException("form field " + name + " is not part of this form (known: "
                        + new TreeSet<>(known) + ")");
            }
        }
    }
}
