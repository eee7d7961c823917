package dev.osiris.agent.heal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.agent.evidence.EvidenceStore;
import dev.osiris.agent.remote.RemoteShell;
import dev.osiris.agent.runbook.HostShells;
import dev.osiris.agent.runbook.RunbookRunner;
import dev.osiris.protocol.checkin.Target;
import dev.osiris.protocol.runbook.Baseline;
import dev.osiris.protocol.runbook.Runbook;
import dev.osiris.protocol.runbook.Verdict;
import io.vertx.core.Future;

import java.util.List;
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

    private final HostShells shells;
    private final RunbookRunner runner;
    private final Healer healer;
    private final FlapDetector flaps;
    private final SqliteHealingStore store;
    private final EvidenceStore evidence;
    private final HealEvidence entries;
    private final Supplier<List<Target>> targets;
    private final Supplier<Baseline> baseline;
    private Future<Integer> running = Future.succeededFuture(0);

    public ResolutionApplier(HostShells shells, RunbookRunner runner, Healer healer, FlapDetector flaps,
                             SqliteHealingStore store, EvidenceStore evidence, HealEvidence entries,
                             Supplier<List<Target>> targets, Supplier<Baseline> baseline) {
        this.shells = shells;
        this.runner = runner;
        this.healer = healer;
        this.flaps = flaps;
        this.store = store;
        this.evidence = evidence;
        this.entries = entries;
        this.targets = targets;
        this.baseline = baseline;
    }

    /** Completes when every resolution accepted so far has been carried out (or failed); never fails. */
    public Future<Integer> idle() {
        return running;
    }

    /** Stores resolutions from a check-in (new ones only) and carries out every pending one; returns how many ran. */
    public Future<Integer> accept(List<ObjectNode> resolutions) {
        Future<Void> stored = Future.succeededFuture();
        for (ObjectNode r : resolutions) {
            String id = r.path("incidentId").asText();
            stored = stored.compose(v -> store.resolutionArrived(id, r).mapEmpty());
        }
        // chain after the run in progress as it is now: read later, the field would be this very chain
        Future<Integer> previous = running;
        Future<Integer> next = stored.compose(v -> previous.transform(ignored -> applyPending()));
        running = next.otherwise(0);
        return next;
    }

    private Future<Integer> applyPending() {
        return store.pendingResolutions().compose(pending -> applyEach(pending, 0, 0));
    }

    private Future<Integer> applyEach(List<SqliteHealingStore.PendingResolution> pending, int i, int done) {
        if (i == pending.size()) {
            return Future.succeededFuture(done);
        }
        return apply(pending.get(i)).transform(ar -> applyEach(pending, i + 1, done + 1));
    }

    private Future<Void> apply(SqliteHealingStore.PendingResolution p) {
        Optional<Runbook> drifted = runner.catalog().find(p.runbookId());
        Optional<Target> target = targets.get().stream().filter(t -> belongsTo(p, t)).findFirst();
        if (drifted.isEmpty() || target.isEmpty()) {
            String why = drifted.isEmpty() ? "runbook " + p.runbookId() + " is not in this agent's catalog"
                    : "target " + (p.targetId().isEmpty() ? p.host() : p.targetId() + " (" + p.host() + ")")
                    + " is no longer a target of this site";
            return finish(p, drifted.orElse(null), "resolution-skipped", why);
        }
        String action = p.resolution().path("action").asText();
        Optional<Runbook> remedy = Optional.empty();
        if (action.equals("runbook")) {
            remedy = healer.decider().remedy(drifted.get(), p.resolution().path("runbookId").asText());
            if (remedy.isEmpty()) {
                return finish(p, drifted.get(), "resolution-refused", "only a catalog runbook of the host's platform with a "
                        + "remediation can run; " + p.resolution().path("runbookId").asText() + " is not one");
            }
        } else if (!action.equals("manual")) {
            return finish(p, drifted.get(), "resolution-refused", "unknown resolution action " + action);
        }
        Optional<Runbook> chosen = remedy;
        return shells.open(target.get()).compose(
                shell -> carryOut(shell, target.get(), p, drifted.get(), chosen).eventually(shell::close),
                e -> finish(p, drifted.get(), "resolution-failed", "host unreachable: " + e.getMessage()));
    }

    private Future<Void> carryOut(RemoteShell shell, Target target, SqliteHealingStore.PendingResolution p, Runbook drifted,
                                  Optional<Runbook> remedy) {
        Baseline baseline = this.baseline.get();
        Future<Void> remediated = remedy.isEmpty() ? Future.succeededFuture()
                : runner.remediate(shell, target, remedy.get(), baseline).transform(ar -> Future.succeededFuture());
        return remediated
                .compose(v -> runner.verify(shell, target, drifted, baseline))
                .transform(ar -> {
                    boolean verified = ar.succeeded() && ar.result().compliant();
                    String note = ar.succeeded() ? "after: " + ar.result().summary() : "verification failed: " + ar.cause().getMessage();
                    Future<Void> learned = remedy.isEmpty() ? Future.succeededFuture()
                            : healer.record(drifted.id(), p.signature(), remedy.get(), verified);
                    if (verified) {
                        flaps.reset(target.id(), drifted.id());
                    }
                    Future<Void> state = verified
                            ? store.resetHeals(target.id(), drifted.id()).compose(x -> store.saveVerdicts(target.id(),
                                    target.host(), java.util.Map.of(drifted, new Verdict(Verdict.Status.COMPLIANT, List.of(),
                                            null)), java.time.Instant.now()))
                            : Future.succeededFuture();
                    return learned.compose(x -> state)
                            .compose(x -> finish(p, drifted, verified ? "resolution-verified" : "resolution-not-verified", note));
                });
    }

    /** The incident's own target; one raised before incidents carried a target id goes to the first at its host. */
    private static boolean belongsTo(SqliteHealingStore.PendingResolution p, Target t) {
        return p.targetId().isEmpty() ? t.host().equals(p.host()) : t.id().equals(p.targetId());
    }

    private Future<Void> finish(SqliteHealingStore.PendingResolution p, Runbook drifted, String outcome, String note) {
        Future<?> recorded = drifted == null ? Future.succeededFuture()
                : evidence.append(entries.resolution(p.host(), drifted, p.incidentId(), p.resolution(), outcome, note));
        return recorded.compose(r -> store.resolutionDone(p.incidentId()));
    }
}
