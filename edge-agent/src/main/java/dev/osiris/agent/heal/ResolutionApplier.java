package dev.osiris.agent.heal;

import dev.osiris.agent.evidence.EvidenceStore;
import dev.osiris.agent.remote.RemoteShell;
import dev.osiris.agent.runbook.HostShells;
import dev.osiris.agent.runbook.RunbookRunner;
import dev.osiris.protocol.checkin.Target;
import dev.osiris.protocol.runbook.Baseline;
import dev.osiris.protocol.runbook.Runbook;
import dev.osiris.protocol.runbook.Verdict;
import io.vertx.core.Future;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Carries out operators' resolutions of incidents (L3): {@code runbook} runs that catalog runbook's remediation on
 * the incident's host and verifies the drifted check; {@code manual} only verifies (the operator fixed it by hand).
 * A verified runbook resolution feeds the learning flywheel; a failed one counts against that remedy. Anything
 * that is not a catalog runbook of the host's platform is refused, never run. Each resolution is carried out once
 * and then acknowledged to the relay with the next check-in. Runs on the agent's event loop.
 */
public final class ResolutionApplier {

    /** How one resolution was carried out; {@code note} is what its evidence record says about it. */
    public record Applied(String incidentId, ResolutionOutcome outcome, String note) {
    }

    private final HostShells shells;
    private final RunbookRunner runner;
    private final Healer healer;
    private final FlapDetector flaps;
    private final SqliteHealingStore store;
    private final SqliteIncidentStore incidents;
    private final EvidenceStore evidence;
    private final HealEvidence entries;
    private final Supplier<List<Target>> targets;
    private final Supplier<Baseline> baseline;
    private final Clock clock;
    private Future<List<Applied>> running = Future.succeededFuture(List.of());

    public ResolutionApplier(HostShells shells, RunbookRunner runner, Healer healer, FlapDetector flaps,
                             SqliteHealingStore store, SqliteIncidentStore incidents, EvidenceStore evidence,
                             HealEvidence entries,
                             Supplier<List<Target>> targets, Supplier<Baseline> baseline, Clock clock) {
        this.shells = shells;
        this.runner = runner;
        this.healer = healer;
        this.flaps = flaps;
        this.store = store;
        this.incidents = incidents;
        this.evidence = evidence;
        this.entries = entries;
        this.targets = targets;
        this.baseline = baseline;
        this.clock = clock;
    }

    /** Completes with how many ran when every resolution accepted so far has been carried out (or failed); never fails. */
    public Future<Integer> idle() {
        return running.map(List::size);
    }

    /**
     * Stores resolutions from a check-in (new ones only) and carries out every pending one; completes with how each
     * ended, and fails only with a storage error.
     */
    public Future<List<Applied>> accept(List<OperatorResolution> resolutions) {
        Future<Void> stored = Future.succeededFuture();
        for (OperatorResolution r : resolutions) {
            stored = stored.compose(v -> incidents.resolutionArrived(r).mapEmpty());
        }
        // chain after the run in progress as it is now: read later, the field would be this very chain
        Future<List<Applied>> previous = running;
        Future<List<Applied>> next = stored.compose(v -> previous.transform(ignored -> applyPending()));
        running = next.otherwise(List.of());
        return next;
    }

    private Future<List<Applied>> applyPending() {
        return incidents.pendingResolutions().compose(pending -> applyEach(pending, 0, new ArrayList<>()));
    }

    private Future<List<Applied>> applyEach(List<SqliteIncidentStore.PendingResolution> pending, int i, List<Applied> done) {
        if (i == pending.size()) {
            return Future.succeededFuture(done);
        }
        return apply(pending.get(i)).transform(ar -> {
            if (ar.succeeded()) {
                done.add(ar.result());
            }
            return applyEach(pending, i + 1, done);
        });
    }

    private Future<Applied> apply(SqliteIncidentStore.PendingResolution p) {
        Optional<Runbook> drifted = runner.catalog().find(p.runbookId());
        Optional<Target> target = targets.get().stream().filter(t -> belongsTo(p, t)).findFirst();
        if (drifted.isEmpty() || target.isEmpty()) {
            String why = drifted.isEmpty() ? "runbook " + p.runbookId() + " is not in this agent's catalog"
                    : "target " + (p.targetId().isEmpty() ? p.host() : p.targetId() + " (" + p.host() + ")")
                    + " is no longer a target of this site";
            return finish(p, drifted.orElse(null), ResolutionOutcome.SKIPPED, why);
        }
        Optional<Runbook> remedy = Optional.empty();
        if (p.resolution().action() == OperatorResolution.Action.RUNBOOK) {
            String named = p.resolution().runbookId();
            remedy = healer.decider().remedy(drifted.get(), named);
            if (remedy.isEmpty()) {
                return finish(p, drifted.get(), ResolutionOutcome.REFUSED, refusal(drifted.get(), named));
            }
        }
        Optional<Runbook> chosen = remedy;
        return shells.open(target.get()).compose(
                shell -> carryOut(shell, target.get(), p, drifted.get(), chosen).eventually(shell::close),
                e -> finish(p, drifted.get(), ResolutionOutcome.FAILED, "host unreachable: " + e.getMessage()));
    }

    /** Why the runbook an operator named cannot remediate {@code drifted}'s host: it is named exactly. */
    private String refusal(Runbook drifted, String named) {
        Optional<Runbook> found = runner.catalog().find(named);
        if (found.isEmpty()) {
            return "runbook " + named + " is not in this agent's catalog; only a catalog runbook can run";
        }
        Runbook r = found.get();
        if (r.platform() != drifted.platform()) {
            return "runbook " + named + " is a " + r.platform().wire() + " runbook and " + drifted.id() + " drifted on a "
                    + drifted.platform().wire() + " host";
        }
        return "runbook " + named + " has no unattended remediation (heal: " + r.heal().wire()
                + (r.remediate() == null ? ", no remediate script" : "") + ")";
    }

    private Future<Applied> carryOut(RemoteShell shell, Target target, SqliteIncidentStore.PendingResolution p,
                                     Runbook drifted, Optional<Runbook> remedy) {
        Baseline site = baseline.get();
        Future<Void> remediated = remedy.isEmpty() ? Future.succeededFuture()
                : runner.remediate(shell, target, remedy.get(), site).transform(ar -> Future.succeededFuture());
        return remediated
                .compose(v -> runner.verify(shell, target, drifted, site))
                .transform(ar -> {
                    boolean verified = ar.succeeded() && ar.result().compliant();
                    String note = ar.succeeded() ? "after: " + ar.result().summary()
                            : "verification failed: " + ar.cause().getMessage();
                    Future<Void> learned = remedy.isEmpty() ? Future.succeededFuture()
                            : healer.record(drifted.id(), p.signature(), remedy.get(), verified);
                    if (verified) {
                        flaps.reset(target.id(), drifted.id());
                    }
                    Future<Void> state = verified
                            ? store.resetHeals(target.id(), drifted.id()).compose(x -> store.saveVerdicts(target.id(),
                                    target.host(), Map.of(drifted, new Verdict(Verdict.Status.COMPLIANT, List.of(), null)),
                                    clock.instant()))
                            : Future.succeededFuture();
                    return learned.compose(x -> state).compose(x -> finish(p, drifted,
                            verified ? ResolutionOutcome.VERIFIED : ResolutionOutcome.NOT_VERIFIED, note));
                });
    }

    /** The incident's own target; one raised before incidents carried a target id goes to the first at its host. */
    private static boolean belongsTo(SqliteIncidentStore.PendingResolution p, Target t) {
        return p.targetId().isEmpty() ? t.host().equals(p.host()) : t.id().equals(p.targetId());
    }

    private Future<Applied> finish(SqliteIncidentStore.PendingResolution p, Runbook drifted, ResolutionOutcome outcome,
                                   String note) {
        Future<?> recorded = drifted == null ? Future.succeededFuture()
                : evidence.append(entries.resolution(p.host(), drifted, p.resolution(), outcome, note));
        return recorded.compose(r -> incidents.resolutionDone(p.incidentId()))
                .map(v -> new Applied(p.incidentId(), outcome, note));
    }
}
