package dev.osiris.agent.app;

import dev.osiris.protocol.checkin.ClockReport;
import dev.osiris.protocol.checkin.ScanSummary;
import dev.osiris.protocol.checkin.TargetTransport;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.agent.relay.LinkStatus;
import dev.osiris.agent.remote.TargetReachability;
import dev.osiris.agent.update.UpdateJob;
import dev.osiris.protocol.json.Json;

import java.time.Instant;
import java.util.List;

/**
 * A snapshot of the agent for people and tests; also the content of {@code status.json}. Never holds a secret.
 *
 * @param state               the link's status; {@code status.json} has its wire name (starting, online, degraded,
 *                            offline, no-credentials or stopped)
 * @param detail              the state in words
 * @param lastCheckinAt       last successful check-in, or null
 * @param lastError           why the last attempt failed (or what is degraded), or null
 * @param consecutiveFailures failed cycles since the last success
 * @param nextAttemptAt       when the next cycle is due, or null
 * @param evidenceHeadSeq     last committed evidence record
 * @param evidenceHeadHash    its hash
 * @param uploadedThrough     last evidence record the relay has acknowledged
 * @param evidenceHeldFrom    the bad record uploads are held from (records from it on stay here), 0 when none
 * @param evidenceHeldReason  why, and what a person must do; null when none is held
 * @param outboxDepth         check-in reports waiting to be delivered
 * @param targets             targets in the configuration held in memory
 * @param credentialsPresent  whether a configuration (with credentials) is held in memory
 * @param duplicatesReported  records the relay reported it already had, summed
 * @param updatedAt           when this snapshot was taken
 * @param reachability        the latest reachability probe of each target (empty before the first probe)
 * @param scan                the latest scan of each target, summed (as in the check-in)
 * @param transports          each target's transport security and what the agent does with it
 * @param clock               the appliance's clock as its last NTP check found it; null when it is not checked (no
 *                            {@code time:} section) or not yet
 * @param update              the self-update's state ({@link UpdateJob#NONE} when none ran)
 */
public record AgentStatus(LinkStatus state, String detail, Instant lastCheckinAt, String lastError, int consecutiveFailures,
                          Instant nextAttemptAt, long evidenceHeadSeq, String evidenceHeadHash, long uploadedThrough,
                          long evidenceHeldFrom, String evidenceHeldReason, int outboxDepth, int targets, boolean credentialsPresent, long duplicatesReported,
                          Instant updatedAt, List<TargetReachability> reachability, ScanSummary scan,
                          List<TargetTransport> transports, ClockReport clock, UpdateJob update) {

    public AgentStatus {
        update = update == null ? UpdateJob.NONE : update;
        reachability = reachability == null ? List.of() : List.copyOf(reachability);
        scan = scan == null ? ScanSummary.NONE : scan;
        transports = transports == null ? List.of() : List.copyOf(transports);
    }

    /** Targets whose latest probe reached them. */
    public int targetsReachable() {
        return (int) reachability.stream().filter(TargetReachability::isReachable).count();
    }

    /** The latest probe of the target with this credential id, or null. */
    public TargetReachability reachabilityOf(String targetId) {
        return reachability.stream().filter(r -> r.id().equals(targetId)).findFirst().orElse(null);
    }

    /** The same snapshot with another evidence head. */
    public AgentStatus withHead(long seq, String hash) {
        return new AgentStatus(state, detail, lastCheckinAt, lastError, consecutiveFailures, nextAttemptAt, seq, hash,
                uploadedThrough, evidenceHeldFrom, evidenceHeldReason, outboxDepth, targets, credentialsPresent,
                duplicatesReported, updatedAt, reachability, scan, transports, clock, update);
    }

    public ObjectNode toJson() {
        ObjectNode json = Json.object();
        json.put("state", state.wireName());
        json.put("detail", detail);
        json.put("lastCheckinAt", lastCheckinAt == null ? null : lastCheckinAt.toString());
        json.put("lastError", lastError);
        json.put("consecutiveFailures", consecutiveFailures);
        json.put("nextAttemptAt", nextAttemptAt == null ? null : nextAttemptAt.toString());
        json.put("evidenceHeadSeq", evidenceHeadSeq);
        json.put("evidenceHeadHash", evidenceHeadHash);
        json.put("uploadedThrough", uploadedThrough);
        json.put("evidenceHeldFrom", evidenceHeldFrom);
        json.put("evidenceHeldReason", evidenceHeldReason);
        json.put("outboxDepth", outboxDepth);
        json.put("targets", targets);
        json.put("credentialsPresent", credentialsPresent);
        json.put("duplicatesReported", duplicatesReported);
        json.put("updatedAt", updatedAt.toString());
        json.put("targetsReachable", targetsReachable());
        ArrayNode list = json.putArray("reachability");
        reachability.forEach(r -> list.add(r.toJson()));
        json.set("scan", scan.toJson());
        ArrayNode transportList = json.putArray("transports");
        transports.forEach(t -> transportList.add(t.toJson()));
        if (clock != null) {
            json.set("clock", clock.toJson());
        }
        json.set("update", update.summaryJson());
        return json;
    }

    /** The status as lines of words, for {@code osiris-agent status}. */
    public static String describe(com.fasterxml.jackson.databind.JsonNode s) {
        return describe(s, null);
    }

    /** The same, with commands to run naming {@code dataDir} (null: a placeholder). */
    public static String describe(com.fasterxml.jackson.databind.JsonNode s, java.nio.file.Path dataDir) {
        StringBuilder out = new StringBuilder();
        out.append("state: ").append(s.path("state").asText()).append(" (").append(s.path("detail").asText()).append(")\n");
        out.append("last check-in: ").append(orNever(s, "lastCheckinAt")).append('\n');
        out.append("last error: ").append(s.path("lastError").isNull() || s.path("lastError").isMissingNode()
                ? "none" : s.path("lastError").asText()).append('\n');
        out.append("consecutive failures: ").append(s.path("consecutiveFailures").asInt()).append('\n');
        out.append("next attempt: ").append(orNever(s, "nextAttemptAt")).append('\n');
        out.append("evidence head: ").append(s.path("evidenceHeadSeq").asLong()).append(' ')
                .append(s.path("evidenceHeadHash").asText()).append('\n');
        out.append("uploaded through: ").append(s.path("uploadedThrough").asLong()).append('\n');
        long held = s.path("evidenceHeldFrom").asLong();
        if (held > 0) {
            out.append("evidence upload: HELD from record ").append(held).append(": ")
                    .append(s.path("evidenceHeldReason").asText()).append('\n');
            out.append("  to do: run `osiris-agent evidence verify --data-dir ")
                    .append(dataDir == null ? "<data dir>" : dataDir.toString())
                    .append("` to see the first bad record; records ").append(held)
                    .append(" and later stay on this appliance until evidence.db is restored or the appliance replaced\n");
        }
        out.append("outbox depth: ").append(s.path("outboxDepth").asInt()).append(" report(s) waiting\n");
        out.append("targets: ").append(s.path("targets").asInt()).append('\n');
        out.append("targets reachable: ").append(s.path("targetsReachable").asInt()).append('\n');
        for (com.fasterxml.jackson.databind.JsonNode r : s.path("reachability")) {
            out.append("  ").append(r.path("host").asText()).append(' ').append(r.path("transport").asText())
                    .append(':').append(r.path("port").asInt()).append(' ').append(r.path("state").asText());
            if (r.path("reason").isTextual()) {
                out.append(" (").append(r.path("reason").asText()).append(')');
            }
            out.append(" at ").append(r.path("checkedAt").asText()).append('\n');
        }
        if (!s.path("transports").isEmpty()) {
            out.append("transport security:\n");
        }
        for (com.fasterxml.jackson.databind.JsonNode t : s.path("transports")) {
            out.append("  ").append(t.path("host").asText()).append(' ').append(t.path("transport").asText())
                    .append(':').append(t.path("port").asInt()).append(' ')
                    .append(TargetTransport.fromJson(t, "transports").describe()).append('\n');
        }
        com.fasterxml.jackson.databind.JsonNode scan = s.path("scan");
        if (scan.path("lastScanAt").isTextual()) {
            out.append("last scan: ").append(scan.path("lastScanAt").asText()).append(": ")
                    .append(scan.path("hostsScanned").asInt()).append(" host(s) scanned, ")
                    .append(scan.path("hostsUnreachable").asInt()).append(" unreachable, ")
                    .append(scan.path("checksRun").asInt()).append(" checks, ")
                    .append(scan.path("drifted").asInt()).append(" drifted now; since start ")
                    .append(scan.path("healed").asInt()).append(" healed, ")
                    .append(scan.path("escalated").asInt()).append(" escalated\n");
        } else {
            out.append("last scan: never\n");
        }
        com.fasterxml.jackson.databind.JsonNode clock = s.path("clock");
        if (clock.isObject()) {
            out.append("clock: ").append(clock.path("state").asText().toUpperCase(java.util.Locale.ROOT)).append(" (")
                    .append(clock.path("reason").asText()).append(") checked at ").append(clock.path("checkedAt").asText())
                    .append('\n');
            if (!clock.path("state").asText().equals("trusted")) {
                out.append("  evidence recorded now is marked clock.trusted=false\n");
            }
        } else {
            out.append("clock: not checked (no time section in the configuration, or no check yet)\n");
        }
        com.fasterxml.jackson.databind.JsonNode update = s.path("update");
        if (update.path("state").isTextual()) {
            out.append("update: ").append(update.path("state").asText());
            if (!update.path("version").asText().isEmpty()) {
                out.append(' ').append(update.path("version").asText()).append(" (").append(update.path("from").asText())
                        .append(" -> ").append(update.path("target").asText()).append(')');
            }
            if (!update.path("reason").asText().isEmpty()) {
                out.append(": ").append(update.path("reason").asText());
            }
            out.append('\n');
        }
        out.append("credentials present: ").append(s.path("credentialsPresent").asBoolean() ? "yes" : "no").append('\n');
        out.append("duplicates reported by relay: ").append(s.path("duplicatesReported").asLong()).append('\n');
        out.append("as of: ").append(s.path("updatedAt").asText()).append('\n');
        return out.toString();
    }

    private static String orNever(com.fasterxml.jackson.databind.JsonNode s, String field) {
        return s.path(field).isTextual() ? s.path(field).asText() : "never";
    }
}
