package dev.osiris.protocol.checkin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.protocol.InvalidMessageException;
import dev.osiris.protocol.json.Fields;
import dev.osiris.protocol.json.Json;

import java.time.Instant;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The appliance's self-update as it stands, in each check-in from schema 2 on (absent in schema 1, as the previous
 * release's agents send it). The relay's rollouts count it per group; a report re-sent from the outbox carries the
 * same check-in {@code seq}, so it is counted once.
 *
 * @param state     the update state machine's wire name (idle, downloading, ..., committed, rolled-back, failed)
 * @param version   the release the update is about, empty (left out on the wire) when none ever ran
 * @param reason    why it failed or rolled back, empty (left out on the wire) otherwise
 * @param rolloutId the rollout whose order the appliance acts on, when the order named one; null otherwise
 * @param updatedAt when the state was last saved (the appliance's clock)
 */
public record UpdateReport(String state, String version, String reason, String rolloutId, Instant updatedAt) {

    public static final Set<String> STATES = Set.of("idle", "downloading", "verifying", "writing", "written",
            "rebooting", "trial-boot", "health-check", "committed", "rolled-back", "failed");
    public static final int MAX_REASON = 1_000;
    private static final Pattern VERSION = Pattern.compile("[0-9]+(\\.[0-9]+){0,3}");

    public UpdateReport {
        if (!STATES.contains(state)) {
            throw new IllegalArgumentException("update state \"" + state + "\" is not one of " + STATES);
        }
        version = version == null ? "" : version;
        reason = reason == null ? "" : reason;
        if (reason.length() > MAX_REASON) {
            reason = reason.substring(0, MAX_REASON);
        }
    }

    /** The update is over, one way or the other. */
    public boolean settled() {
        return state.equals("committed") || state.equals("rolled-back") || state.equals("failed");
    }

    public ObjectNode toJson() {
        ObjectNode json = Json.object().put("state", state).put("updatedAt", updatedAt.toString());
        if (!version.isEmpty()) {
            json.put("version", version);
        }
        if (!reason.isBlank()) {
            json.put("reason", reason);
        }
        if (rolloutId != null) {
            json.put("rolloutId", rolloutId);
        }
        return json;
    }

    /** Decodes strictly; unknown fields are refused with their path. */
    public static UpdateReport read(Fields f) {
        String state = f.requireToken("state");
        if (!STATES.contains(state)) {
            throw new InvalidMessageException(f.path("state") + " must be an update state, got \"" + state + "\"");
        }
        String version = f.has("version") ? f.requireText("version", 32) : "";
        if (!version.isEmpty() && !VERSION.matcher(version).matches()) {
            throw new InvalidMessageException(f.path("version") + " must be dotted numbers, got \"" + version + "\"");
        }
        UpdateReport report = new UpdateReport(state, version, f.optionalText("reason", MAX_REASON, ""),
                f.has("rolloutId") ? f.requireName("rolloutId", 64) : null, f.requireInstant("updatedAt"));
        f.refuseUnknown();
        return report;
    }
}
