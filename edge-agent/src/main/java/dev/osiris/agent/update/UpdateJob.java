package dev.osiris.agent.update;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.agent.boot.BootSlots.Slot;
import dev.osiris.protocol.checkin.UpdateReport;
import dev.osiris.protocol.json.Json;

import java.time.Instant;

/**
 * The update as saved in the data partition before each risky step: enough to resume or roll back after a power
 * cut without guessing. {@link #NONE} when no update ever ran.
 *
 * @param release  the release being installed (null when idle)
 * @param from     the slot that ran when the update began
 * @param target   the standby slot the image goes to
 * @param attempts trial boots of the target whose health gate failed
 * @param reason   why the update failed or rolled back, or what the last failed gate found; empty otherwise
 */
public record UpdateJob(UpdateState state, UpdateRequest release, Slot from, Slot target, int attempts, String reason,
                        Instant updatedAt) {

    public static final UpdateJob NONE = new UpdateJob(UpdateState.IDLE, null, null, null, 0, "", Instant.EPOCH);

    public UpdateJob {
        reason = reason == null ? "" : reason;
    }

    /** The same job moved to {@code next} through the transition table. */
    public UpdateJob to(UpdateState next, String why, Instant at) {
        UpdateTransitions.require(state, next);
        return new UpdateJob(next, release, from, target, attempts, why, at);
    }

    public UpdateJob withAttempts(int n) {
        return new UpdateJob(state, release, from, target, n, reason, updatedAt);
    }

    public String version() {
        return release == null ? "" : release.version();
    }

    public ObjectNode toJson() {
        ObjectNode json = Json.object().put("state", state.wireName()).put("attempts", attempts).put("reason", reason)
                .put("updatedAt", updatedAt.toString());
        if (release != null) {
            json.set("release", release.toJson());
            json.put("from", from.name()).put("target", target.name());
        }
        return json;
    }

    /** The state for status and the check-in report: without the manifest and its signature. */
    public ObjectNode summaryJson() {
        ObjectNode json = Json.object().put("state", state.wireName()).put("version", version())
                .put("attempts", attempts).put("reason", reason).put("updatedAt", updatedAt.toString());
        if (release != null) {
            json.put("from", from.name()).put("target", target.name());
            if (release.rolloutId() != null) {
                json.put("rolloutId", release.rolloutId());
            }
        }
        return json;
    }

    /** The state as each check-in reports it (the relay's rollouts count it). */
    public UpdateReport report() {
        return new UpdateReport(state.wireName(), version(), reason, release == null ? null : release.rolloutId(),
                updatedAt);
    }

    public static UpdateJob fromJson(JsonNode json) {
        UpdateRequest release = json.has("release") ? UpdateRequest.fromJson(json.get("release")) : null;
        return new UpdateJob(UpdateState.ofWire(json.path("state").asText()), release,
                release == null ? null : Slot.valueOf(json.path("from").asText()),
                release == null ? null : Slot.valueOf(json.path("target").asText()),
                json.path("attempts").asInt(), json.path("reason").asText(""),
                Instant.parse(json.path("updatedAt").asText()));
    }

    /** The state in words for {@code agent status} and {@code health-gate --status}. */
    public String describe() {
        if (release == null) {
            return state.wireName();
        }
        return state.wireName() + " " + release.version() + " (" + from + " -> " + target + ", failed trial boots "
                + attempts + (reason.isEmpty() ? "" : ", " + reason) + ", since " + updatedAt + ")";
    }
}
