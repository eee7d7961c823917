package dev.osiris.agent.heal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.agent.evidence.EvidenceStore;
import dev.osiris.agent.remote.RemoteShell;
import dev.osiris.agent.remote.ScriptResult;
import dev.osiris.agent.runbook.RunbookEvidence;
import dev.osiris.agent.runbook.RunbookRunner;
import dev.osiris.protocol.checkin.Incident;
import dev.osiris.protocol.checkin.Target;
import dev.osiris.protocol.evidence.EvidenceRecord;
import dev.osiris.protocol.json.Json;
import dev.osiris.protocol.runbook.Baseline;
import dev.osiris.protocol.runbook.Runbook;
import dev.osiris.protocol.runbook.Verdict;
import io.vertx.core.Future;

import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Heals one drifted check on one host through the tiers: every remediation is followed by a verification
 * (re-detect), an L1 rule is retried with backoff up to {@link HealingPolicy#maxAttempts()}, then the L2 planner's
 * choice runs once, then the drift is escalated as an incident. Each step appends its evidence before the next
 * starts. Runs on the agent's event loop; scripts run on the shell's own workers. The future never fails for a
 * host's reasons (a broken shell is a failed attempt); it fails only if the evidence store does.
 */
public final class Healer {

    private final RunbookRunner runner;
    private final HealDecider decider;
    private final LearnedKnowledge knowledge;
    private final FlapDetector flaps;
    private final SqliteHealingStore healingStore;
    private final SqliteIncidentStore incidents;
    private final EvidenceStore evidence;
    private final HealEvidence entries;
    private final Clock clock;
    private final Delay delay;
    private final Supplier<HealingPolicy> policy;

    /** @param delay waits between L1 attempts ({@link Delay#timers} in the agent) */
    public Healer(RunbookRunner runner, LearnedKnowledge knowledge, FlapDetector flaps, SqliteHealingStore healingStore,
                  SqliteIncidentStore incidents, EvidenceStore evidence, HealEvidence entries, Clock clock, Delay delay,
                  Supplier<HealingPolicy> policy) {
        this.runner = runner;
        this.decider = new HealDecider(runner.catalog());
        this.knowledge = knowledge;
        this.flaps = flaps;
        this.healingStore = healingStore;
        this.incidents = incidents;
        this.evidence = evidence;
        this.entries = entries;
        this.clock = clock;
        this.delay = delay;
        this.policy = policy;
    }

    public LearnedKnowledge knowledge() {
        return knowledge;
    }

    public HealDecider decider() {
        return decider;
    }

    /** Handles one drifted (or otherwise non-compliant and escalation-worthy) check found by a scan. */
    public Future<HealResult> heal(RemoteShell shell, Target target, Runbook runbook, Verdict verdict, Baseline baseline) {
        String signature = DriftSignature.of(verdict);
        HealingPolicy p = policy.get();
        boolean flapping = flaps.flapping(target.id(), runbook.id(), clock.instant());
        return incidents.hasOpenIncident(target.id(), target.host(), runbook.id())
                .compose(open -> step(new Drift(shell, target, runbook, verdict, baseline, signature, p, flapping, open),
                        new HashSet<>()));
    }

    private record Drift(RemoteShell shell, Target target, Runbook runbook, Verdict verdict, Baseline baseline,
                         String signature, HealingPolicy policy, boolean flapping, boolean incidentOpen) {
        String host() {
            return target.host();
        }

        HealResult result(HealResult.Outcome outcome, HealPlan.Tier tier, HealPlan.Reason reason) {
            return new HealResult(runbook.id(), outcome, tier, reason);
        }
    }

    private Future<HealResult> step(Drift d, Set<String> tried) {
        HealPlan plan = decider.decide(d.runbook(), d.signature(), d.policy().mode(), knowledge, d.flapping(),
                d.incidentOpen(), d.verdict().enforced(), tried);
        return switch (plan.action()) {
            case NONE -> Future.succeededFuture(d.result(HealResult.Outcome.LEFT, null, plan.reason()));
            case ESCALATE -> escalate(d, plan.reason());
            case HEAL -> {
                if (d.policy().dryRun()) {
                    yield evidence.append(entries.remediation(d.host(), d.runbook(), plan, 0, null, null, true))
                            .map(r -> d.result(HealResult.Outcome.DRY_RUN, plan.tier(), plan.reason()));
                }
                int attempts = plan.tier() == HealPlan.Tier.L1 ? d.policy().maxAttempts() : 1;
                yield attempt(d, plan, 1, attempts).compose(verified -> {
                    if (verified) {
                        Instant at = clock.instant();
                        flaps.healed(d.target().id(), d.runbook().id(), at);
                        return healingStore.healed(d.target().id(), d.runbook().id(), at, flaps.windowStart(at))
                                .compose(v -> learn(d, plan, true))
                                .map(v -> d.result(HealResult.Outcome.HEALED, plan.tier(), plan.reason()));
                    }
                    tried.add(plan.remedy().id());
                    return learn(d, plan, false).compose(v -> step(d, tried));
                });
            }
        };
    }

    /** Remediate then verify; on failure wait and try again, up to {@code max} attempts. */
    private Future<Boolean> attempt(Drift d, HealPlan plan, int n, int max) {
        return runner.remediate(d.shell(), d.target(), plan.remedy(), d.baseline())
                .transform(ar -> {
                    ScriptResult result = ar.succeeded() ? ar.result() : null;
                    String error = ar.failed() ? ar.cause().getMessage() : null;
                    return evidence.append(entries.remediation(d.host(), d.runbook(), plan, n, result, error, false));
                })
                .compose(r -> runner.verify(d.shell(), d.target(), d.runbook(), d.baseline())
                        .transform(ar -> evidence.append(entries.verification(d.host(), d.runbook(), plan.tier(), n,
                                        d.verdict(), ar.succeeded() ? ar.result() : null,
                                        ar.failed() ? ar.cause().getMessage() : null))
                                .map(rec -> ar.succeeded() && ar.result().compliant())))
                .compose(verified -> {
                    if (verified || n >= max) {
                        return Future.succeededFuture(verified);
                    }
                    return delay.after(d.policy().retryBackoff().multipliedBy(1L << (n - 1)))
                            .compose(v -> attempt(d, plan, n + 1, max));
                });
    }

    /** L2 and learned L1 outcomes feed the history; a success that reaches K is promoted, as evidence. */
    private Future<Void> learn(Drift d, HealPlan plan, boolean verified) {
        if (plan.tier() == HealPlan.Tier.L1 && plan.reason() != HealPlan.Reason.LEARNED_RULE) {
            return Future.succeededFuture();
        }
        return record(d.runbook().id(), d.signature(), plan.remedy(), verified);
    }

    /** Records a resolution outcome of a pattern (L2, learned L1 or an operator's at L3). */
    public Future<Void> record(String runbookId, String signature, Runbook remedy, boolean verified) {
        boolean wasPromoted = knowledge.promoted(runbookId, signature).isPresent();
        Knowledge.Candidate row = verified ? knowledge.success(runbookId, signature, remedy.id())
                : knowledge.failure(runbookId, signature, remedy.id());
        Future<Void> saved = healingStore.saveCandidate(row, clock.instant());
        if (row.promoted() && !wasPromoted) {
            return saved.compose(v -> evidence.append(entries.promotion(row, remedy))).mapEmpty();
        }
        return saved;
    }

    private Future<HealResult> escalate(Drift d, HealPlan.Reason reason) {
        if (d.policy().dryRun()) {
            return evidence.append(entries.escalation(d.host(), d.runbook(), d.verdict(), reason, null, true))
                    .map(r -> d.result(HealResult.Outcome.DRY_RUN, HealPlan.Tier.L3, reason));
        }
        String id = "inc-" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        return evidence.append(entries.escalation(d.host(), d.runbook(), d.verdict(), reason, id, false))
                .compose(rec -> incidents.raise(incident(id, d, reason, rec), d.signature()))
                .map(v -> d.result(HealResult.Outcome.ESCALATED, HealPlan.Tier.L3, reason));
    }

    /** The incident for the relay (see {@code dev.osiris.protocol.checkin.Incident}); scrubbed. */
    private RaisedIncident incident(String id, Drift d, HealPlan.Reason reason, EvidenceRecord record) {
        String why = reason == HealPlan.Reason.ENFORCED_BY_POLICY ? HealEvidence.enforcedNote(d.verdict()) + "; " : "";
        String summary = entries.redactor().text(RunbookEvidence.cap(d.runbook().title() + ": " + why
                + d.verdict().summary()));
        return new RaisedIncident(id, d.target().id(), d.host(), d.runbook().id(), d.runbook().version(),
                d.runbook().severity(), reason, summary, observed(d.verdict()), clock.instant(), record.seq());
    }

    /** The scrubbed detect result, cut down to its keys when it would not fit an incident. */
    private ObjectNode observed(Verdict verdict) {
        var scrubbed = entries.redactor().json(verdict.observed());
        if (!(scrubbed instanceof ObjectNode object)) {
            return Json.object();
        }
        if (Json.bytes(object).length <= Incident.MAX_OBSERVED_BYTES - 512) {
            return object;
        }
        ObjectNode cut = Json.object().put("truncated", true);
        object.fieldNames().forEachRemaining(k -> cut.withArray("keys").add(k));
        return cut;
    }
}
