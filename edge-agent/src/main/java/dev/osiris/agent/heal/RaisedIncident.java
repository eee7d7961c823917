package dev.osiris.agent.heal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.protocol.checkin.Incident;
import dev.osiris.protocol.runbook.Severity;

import java.time.Instant;
import java.util.Objects;

/**
 * A drift this agent escalated to a human, as the healer raised it and the healing store keeps it; it becomes the
 * wire's {@link Incident} only when a report is made ({@link #toWire()}).
 *
 * @param targetId    the target it was raised on, empty for an incident from before V7
 * @param summary     one line for a person, already scrubbed
 * @param observed    the scrubbed detect result (cut down to its keys when too large for an incident)
 * @param evidenceSeq the escalation's record in the evidence chain
 */
public record RaisedIncident(String id, String targetId, String host, String runbookId, int runbookVersion,
                             Severity severity, HealPlan.Reason reason, String summary, ObjectNode observed,
                             Instant raisedAt, long evidenceSeq) {

    public RaisedIncident {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(targetId, "targetId");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(observed, "observed");
        Objects.requireNonNull(raisedAt, "raisedAt");
        if (!Incident.REASONS.contains(reason.wire())) {
            throw new IllegalArgumentException("incident " + id + ": " + reason.wire() + " is not a reason to escalate");
        }
    }

    /** The incident as the relay receives it. */
    public Incident toWire() {
        return new Incident(id, host, runbookId, runbookVersion, severity.wire(), reason.wire(), summary, observed,
                raisedAt, evidenceSeq);
    }
}
