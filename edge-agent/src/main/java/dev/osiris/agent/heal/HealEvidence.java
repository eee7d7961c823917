package dev.osiris.agent.heal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.agent.privacy.Redactor;
import dev.osiris.agent.remote.ScriptResult;
import dev.osiris.protocol.evidence.EvidenceKind;
import dev.osiris.protocol.evidence.EvidenceSealer;
import dev.osiris.protocol.json.Json;
import dev.osiris.protocol.runbook.Framework;
import dev.osiris.protocol.runbook.Runbook;
import dev.osiris.protocol.runbook.Verdict;

import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Builds the evidence entries of detection and healing. Every entry names the runbook (id, version, file hash),
 * the host and the controls it evidences; observed state and script output pass the {@link Redactor} first.
 */
public final class HealEvidence {

    private static final int MAX_TEXT = 2000;

    private final Clock clock;
    private final Redactor redactor;

    public HealEvidence(Clock clock, Redactor redactor) {
        this.clock = clock;
        this.redactor = redactor;
    }

    public Redactor redactor() {
        return redactor;
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

    public EvidenceSealer.Entry unreachable(String host, String error) {
        return new EvidenceSealer.Entry(clock.instant(), host, "drift.scan", EvidenceKind.DETECT, "unreachable",
                Json.object().put("error", redactor.text(cap(error))));
    }

    /** A runbook's detect result whose status is not compliant, or changed since the last scan. */
    public EvidenceSealer.Entry detect(String host, Runbook runbook, Verdict verdict, Verdict.Status previous) {
        ObjectNode details = base(runbook);
        details.put("previous", previous == null ? "unknown" : previous.wire());
        details.set("observed", redactor.json(verdict.observed()));
        details.set("failures", texts(verdict.failures()));
        return new EvidenceSealer.Entry(clock.instant(), host, runbook.id(), EvidenceKind.DETECT, verdict.status().wire(), details);
    }

    public EvidenceSealer.Entry remediation(String host, Runbook drifted, HealPlan plan, int attempt, ScriptResult result,
                                            String error, boolean dryRun) {
        ObjectNode details = base(drifted);
        details.put("tier", plan.tier().wire()).put("rule", plan.reason()).put("attempt", attempt);
        details.set("remedy", Json.object().put("id", plan.remedy().id()).put("version", plan.remedy().version())
                .put("sha256", plan.remedy().sha256()));
        String outcome;
        if (dryRun) {
            outcome = "dry-run";
            details.put("note", "dry run: the remediation was not run");
        } else if (result != null) {
            outcome = result.succeeded() ? "remediated" : "remediation-failed";
            details.put("exitCode", result.exitCode()).put("durationMs", result.duration().toMillis());
            if (!result.stderr().isBlank()) {
                details.put("stderr", redactor.text(cap(result.stderr())));
            }
        } else {
            outcome = "remediation-failed";
            details.put("error", redactor.text(cap(error)));
        }
        return new EvidenceSealer.Entry(clock.instant(), host, drifted.id(), EvidenceKind.HEAL, outcome, details);
    }

    public EvidenceSealer.Entry verification(String host, Runbook drifted, String tier, int attempt, Verdict before,
                                             Verdict after, String error) {
        ObjectNode details = base(drifted);
        details.put("tier", tier).put("attempt", attempt);
        details.set("before", Json.object().put("status", before.status().wire()).set("failures", texts(before.failures())));
        String outcome;
        if (after == null) {
            outcome = "not-verified";
            details.put("error", redactor.text(cap(error)));
        } else {
            outcome = after.compliant() ? "verified" : "not-verified";
            ObjectNode a = Json.object().put("status", after.status().wire());
            a.set("failures", texts(after.failures()));
            a.set("observed", redactor.json(after.observed()));
            details.set("after", a);
        }
        return new EvidenceSealer.Entry(clock.instant(), host, drifted.id(), EvidenceKind.VERIFY, outcome, details);
    }

    public EvidenceSealer.Entry escalation(String host, Runbook drifted, Verdict verdict, String reason, String incidentId,
                                           boolean dryRun) {
        ObjectNode details = base(drifted);
        details.put("tier", "L3").put("reason", reason);
        if (incidentId != null) {
            details.put("incidentId", incidentId);
        }
        details.set("failures", texts(verdict.failures()));
        return new EvidenceSealer.Entry(clock.instant(), host, drifted.id(), EvidenceKind.ESCALATE,
                dryRun ? "dry-run" : "escalated", details);
    }

    public EvidenceSealer.Entry promotion(Knowledge.Candidate row, Runbook remedy) {
        ObjectNode details = Json.object().put("runbookId", row.runbookId()).put("signature", row.signature())
                .put("remedyId", row.remedyId()).put("remedyVersion", remedy.version())
                .put("successes", row.successes()).put("failures", row.failures())
                .put("note", "pattern promoted from L2 history to an L1 rule");
        return new EvidenceSealer.Entry(clock.instant(), "appliance", row.runbookId(), EvidenceKind.LEARN, "promoted", details);
    }

    public EvidenceSealer.Entry resolution(String host, Runbook drifted, String incidentId, ObjectNode resolution,
                                           String outcome, String note) {
        ObjectNode details = base(drifted);
        details.put("tier", "L3").put("incidentId", incidentId);
        details.set("resolution", redactor.json(resolution));
        details.put("note", note);
        return new EvidenceSealer.Entry(clock.instant(), host, drifted.id(), EvidenceKind.HEAL, outcome, details);
    }

    private ObjectNode base(Runbook r) {
        ObjectNode details = Json.object();
        details.set("runbook", Json.object().put("id", r.id()).put("version", r.version()).put("sha256", r.sha256())
                .put("severity", r.severity().wire()));
        ObjectNode controls = details.putObject("controls");
        for (Framework f : Framework.values()) {
            ArrayNode ids = controls.putArray(f.wire());
            r.controls().getOrDefault(f, List.of()).forEach(ids::add);
        }
        return details;
    }

    private ArrayNode texts(List<String> lines) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        lines.forEach(l -> out.add(redactor.text(cap(l))));
        return out;
    }

    static String cap(String text) {
        if (text == null) {
            return "";
        }
        return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT - 3) + "...";
    }
}
