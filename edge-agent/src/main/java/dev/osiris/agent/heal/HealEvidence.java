package dev.osiris.agent.heal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.agent.privacy.Redactor;
import dev.osiris.agent.remote.ScriptResult;
import dev.osiris.agent.runbook.RunbookEvidence;
import dev.osiris.protocol.evidence.EvidenceKind;
import dev.osiris.protocol.evidence.EvidenceSealer;
import dev.osiris.protocol.json.Json;
import dev.osiris.protocol.runbook.Runbook;
import dev.osiris.protocol.runbook.Verdict;

import java.time.Clock;

/**
 * Builds the evidence entries of healing: remediations, verifications, escalations, promotions and operators'
 * resolutions. Every entry names the runbook (id, version, file hash), the host and the controls it evidences
 * ({@link RunbookEvidence}); observed state and script output pass the {@link Redactor} first.
 */
public final class HealEvidence {

    private final Clock clock;
    private final Redactor redactor;

    public HealEvidence(Clock clock, Redactor redactor) {
        this.clock = clock;
        this.redactor = redactor;
    }

    public Redactor redactor() {
        return redactor;
    }

    public EvidenceSealer.Entry remediation(String host, Runbook drifted, HealPlan plan, int attempt, ScriptResult result,
                                            String error, boolean dryRun) {
        ObjectNode details = RunbookEvidence.base(drifted);
        details.put("tier", plan.tier().wire()).put("rule", plan.reason().wire()).put("attempt", attempt);
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
                details.put("stderr", redactor.text(RunbookEvidence.cap(result.stderr())));
            }
        } else {
            outcome = "remediation-failed";
            details.put("error", redactor.text(RunbookEvidence.cap(error)));
        }
        return new EvidenceSealer.Entry(clock.instant(), host, drifted.id(), EvidenceKind.HEAL, outcome, details);
    }

    public EvidenceSealer.Entry verification(String host, Runbook drifted, HealPlan.Tier tier, int attempt, Verdict before,
                                             Verdict after, String error) {
        ObjectNode details = RunbookEvidence.base(drifted);
        details.put("tier", tier.wire()).put("attempt", attempt);
        details.set("before", Json.object().put("status", before.status().wire()).set("failures", RunbookEvidence.texts(redactor, before.failures())));
        String outcome;
        if (after == null) {
            outcome = "not-verified";
            details.put("error", redactor.text(RunbookEvidence.cap(error)));
        } else {
            outcome = after.compliant() ? "verified" : "not-verified";
            ObjectNode a = Json.object().put("status", after.status().wire());
            a.set("failures", RunbookEvidence.texts(redactor, after.failures()));
            a.set("observed", redactor.json(after.observed()));
            details.set("after", a);
        }
        return new EvidenceSealer.Entry(clock.instant(), host, drifted.id(), EvidenceKind.VERIFY, outcome, details);
    }

    public EvidenceSealer.Entry escalation(String host, Runbook drifted, Verdict verdict, HealPlan.Reason reason,
                                           String incidentId, boolean dryRun) {
        ObjectNode details = RunbookEvidence.base(drifted);
        details.put("tier", HealPlan.Tier.L3.wire()).put("reason", reason.wire());
        if (incidentId != null) {
            details.put("incidentId", incidentId);
        }
        details.set("failures", RunbookEvidence.texts(redactor, verdict.failures()));
        if (!verdict.enforcedBy().isEmpty()) {
            details.set("enforcedBy", RunbookEvidence.texts(redactor, verdict.enforcedBy()));
        }
        if (reason == HealPlan.Reason.ENFORCED_BY_POLICY) {
            details.put("note", redactor.text(RunbookEvidence.cap(enforcedNote(verdict))));
        }
        return new EvidenceSealer.Entry(clock.instant(), host, drifted.id(), EvidenceKind.ESCALATE,
                dryRun ? "dry-run" : "escalated", details);
    }

    /** Why a policy-enforced drift was not healed, for a person: {@code enforced by policy: <sources>}. */
    static String enforcedNote(Verdict verdict) {
        return "enforced by policy: " + String.join(", ", verdict.enforcedBy());
    }

    public EvidenceSealer.Entry promotion(Knowledge.Candidate row, Runbook remedy) {
        ObjectNode details = Json.object().put("runbookId", row.runbookId()).put("signature", row.signature())
                .put("remedyId", row.remedyId()).put("remedyVersion", remedy.version())
                .put("successes", row.successes()).put("failures", row.failures())
                .put("note", "pattern promoted from L2 history to an L1 rule");
        return new EvidenceSealer.Entry(clock.instant(), "appliance", row.runbookId(), EvidenceKind.LEARN, "promoted", details);
    }

    /** An operator's resolution carried out (or refused), with the resolution as the relay sent it. */
    public EvidenceSealer.Entry resolution(String host, Runbook drifted, OperatorResolution resolution,
                                           ResolutionOutcome outcome, String note) {
        ObjectNode details = RunbookEvidence.base(drifted);
        details.put("tier", HealPlan.Tier.L3.wire()).put("incidentId", resolution.incidentId());
        details.set("resolution", redactor.json(resolution.toWire().toJson()));
        details.put("note", note);
        return new EvidenceSealer.Entry(clock.instant(), host, drifted.id(), EvidenceKind.HEAL, outcome.wire(), details);
    }
}
