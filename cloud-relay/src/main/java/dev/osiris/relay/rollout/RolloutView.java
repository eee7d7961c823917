package dev.osiris.relay.rollout;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.protocol.json.Json;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A rollout as stored, with each group's progress. */
public record RolloutView(String id, String partnerId, String release, String status, String reason,
                          int reportTimeoutSeconds, Instant createdAt, List<Group> groups) {

    /**
     * A group and its counts: {@code total} leaves out skipped appliances; {@code failed} counts failed, rolled back
     * and timed out.
     */
    public record Group(int position, GroupPolicy policy, GroupStatus status, int total, int pending, int ordered,
                        int committed, int failed, int skipped, Optional<Instant> startedAt,
                        Optional<Instant> succeededAt, Optional<Instant> doneAt) {

        public GroupProgress progress() {
            return new GroupProgress(position, policy, status, total, committed, failed, succeededAt);
        }

        ObjectNode toJson() {
            ObjectNode json = Json.object().put("position", position).put("status", status.wire())
                    .put("successThreshold", policy.successPercent()).put("errorThreshold", policy.errorPercent())
                    .put("soakSeconds", policy.soak().toSeconds()).put("total", total).put("pending", pending)
                    .put("ordered", ordered).put("committed", committed).put("failed", failed).put("skipped", skipped);
            startedAt.ifPresent(t -> json.put("startedAt", t.toString()));
            succeededAt.ifPresent(t -> json.put("succeededAt", t.toString()));
            doneAt.ifPresent(t -> json.put("doneAt", t.toString()));
            return json;
        }
    }

    public ObjectNode toJson() {
        ObjectNode json = Json.object().put("id", id).put("partnerId", partnerId).put("release", release)
                .put("status", status).put("reason", reason).put("reportTimeoutSeconds", reportTimeoutSeconds)
                .put("createdAt", createdAt.toString());
        ArrayNode array = json.putArray("groups");
        groups.forEach(g -> array.add(g.toJson()));
        return json;
    }

    /** One line per group for the CLI: position, status, committed/failed/ordered/pending of total. */
    public String describe() {
        StringBuilder out = new StringBuilder(id + "\t" + release + "\t" + status
                + (reason.isEmpty() ? "" : "\t" + reason) + "\n");
        for (Group g : groups) {
            out.append("  group ").append(g.position).append('\t').append(g.status.wire()).append('\t')
                    .append(g.committed).append(" committed, ").append(g.failed).append(" failed, ")
                    .append(g.ordered).append(" ordered, ").append(g.pending).append(" pending of ").append(g.total)
                    .append(g.skipped > 0 ? " (" + g.skipped + " skipped)" : "")
                    .append("\tthresholds ").append(g.policy.successPercent()).append("%/")
                    .append(g.policy.errorPercent()).append('%').append('\n');
        }
        return out.toString();
    }
}
