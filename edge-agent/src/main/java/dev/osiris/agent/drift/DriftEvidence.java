package dev.osiris.agent.drift;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.agent.privacy.Redactor;
import dev.osiris.agent.runbook.RunbookEvidence;
import dev.osiris.protocol.evidence.EvidenceKind;
import dev.osiris.protocol.evidence.EvidenceSealer;
import dev.osiris.protocol.json.Json;
import dev.osiris.protocol.runbook.Runbook;
import dev.osiris.protocol.runbook.Verdict;

import java.time.Clock;
import java.util.Map;

/**
 * Builds the evidence entries of detection: one per host and scan, one per check that is not compliant or changed,
 * one when a host cannot be reached. Observed state and errors pass the {@link Redactor} first.
 */
public final class DriftEvidence {

    private final Clock clock;
    private final Redactor redactor;

    public DriftEvidence(Clock clock, Redactor redactor) {
        this.clock = clock;
        this.redactor = redactor;
    }

    /** One record per host and scan: the status of every runbook run. */
    public EvidenceSealer.Entry scan(String host, Map<Runbook, Verdict> verdicts, long durationMs) {
        ObjectNode details = Json.object().put("runbooks", verdicts.size()).put("durationMs", durationMs);
        ObjectNode statuses = details.putObject("results");
        int compliant = 0;
        for (Map.Entry<Runbook, Verdict> e : verdicts.entrySet()) {
            statuses.put(e.getKey().id() + "@" + e.getKey().version(), e.getValue().status().wire());
            compliant += e.getValue().compliant() ? 1 : 0;
        }
        details.put("compliant", compliant);
        String outcome = compliant == verdicts.size() ? "compliant" : "findings";
        return new EvidenceSealer.Entry(clock.instant(), host, "drift.scan", EvidenceKind.DETECT, outcome, details);
    }

    /** @param reason the transport's typed reason ({@code RemoteFailure.Reason#word}), or null when it gave none */
    public EvidenceSealer.Entry unreachable(String host, String error, String reason) {
        ObjectNode details = Json.object().put("error", redactor.text(RunbookEvidence.cap(error)));
        if (reason != null) {
            details.put("reason", reason);
        }
        return new EvidenceSealer.Entry(clock.instant(), host, "drift.scan", EvidenceKind.DETECT, "unreachable",
                details);
    }

    /** A runbook's detect result whose status is not compliant, or changed since the last scan. */
    public EvidenceSealer.Entry detect(String host, Runbook runbook, Verdict verdict, Verdict.Status previous) {
        ObjectNode details = RunbookEvidence.base(runbook);
        details.put("previous", previous == null ? "unknown" : previous.wire());
        details.set("observed", redactor.json(verdict.observed()));
        details.set("failures", RunbookEvidence.texts(redactor, verdict.failures()));
        return new EvidenceSealer.Entry(clock.instant(), host, runbook.id(), EvidenceKind.DETECT, verdict.status().wire(), details);
    }
}
