package dev.osiris.agent.drift;

import dev.osiris.agent.evidence.EvidenceStore;
import dev.osiris.agent.heal.HealResult;
import dev.osiris.agent.heal.Healer;
import dev.osiris.agent.heal.SqliteHealingStore;
import dev.osiris.agent.remote.RemoteFailure;
import dev.osiris.agent.remote.RemoteShell;
import dev.osiris.agent.runbook.HostShells;
import dev.osiris.agent.runbook.PlatformScripts;
import dev.osiris.agent.runbook.RunbookRunner;
import dev.osiris.protocol.checkin.Target;
import dev.osiris.protocol.evidence.EvidenceSealer;
import dev.osiris.protocol.runbook.Runbook;
import dev.osiris.protocol.runbook.Verdict;
import io.vertx.core.Future;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Scans one host: one shell, one batched detection of every enabled runbook of its platform, the verdicts stored
 * and evidenced, then each drifted check healed in turn on the same shell, and the shell closed. A host that
 * cannot be reached is a value ({@link HostScan#error()}), recorded once per change. The last status of each check
 * and whether each target was reached are keyed by the target's id and start from what the database remembered,
 * so a restart neither hides a change nor records an unchanged state again. Touched on the agent's event loop only.
 */
public final class DriftEngine {

    private final HostShells shells;
    private final RunbookRunner runner;
    private final Healer healer;
    private final SqliteHealingStore healingStore;
    private final EvidenceStore evidence;
    private final DriftEvidence entries;
    private final Clock clock;
    private final Supplier<DriftPolicy> policy;
    private final Map<String, Verdict.Status> lastStatus = new HashMap<>();
    private final Map<String, Boolean> lastReached = new HashMap<>();

    public DriftEngine(HostShells shells, RunbookRunner runner, Healer healer, SqliteHealingStore healingStore,
                       EvidenceStore evidence, DriftEvidence entries, Clock clock, Supplier<DriftPolicy> policy,
                       SqliteHealingStore.Remembered remembered) {
        this.shells = shells;
        this.runner = runner;
        this.healer = healer;
        this.healingStore = healingStore;
        this.evidence = evidence;
        this.entries = entries;
        this.clock = clock;
        this.policy = policy;
        remembered.states().forEach(c -> lastStatus.put(key(c.targetId(), c.runbookId()), c.status()));
        lastReached.putAll(remembered.reached());
    }

    private static String key(String targetId, String runbookId) {
        return targetId + "\u0000" + runbookId;
    }

    public Future<HostScan> scan(Target target) {
        Instant at = clock.instant();
        DriftPolicy p = policy.get();
        List<Runbook> runbooks = p.runbooks(runner.catalog(), PlatformScripts.platformOf(target));
        if (runbooks.isEmpty()) {
            return Future.succeededFuture(new HostScan(target.id(), target.host(), at, Map.of(), List.of(), Duration.ZERO,
                    Duration.ZERO, null));
        }
        return attempt(target, runbooks, p, at, PROTOCOL_RETRIES)
                .recover(e -> unreached(target, at, e));
    }

    private Future<HostScan> attempt(Target target, List<Runbook> runbooks, DriftPolicy p, Instant at, int retries) {
        return shells.open(target)
                .compose(shell -> detectAndHeal(shell, target, runbooks, p, at).eventually(shell::close))
                .recover(e -> retries > 0 && retryable(e) ? attempt(target, runbooks, p, at, retries - 1)
                        : Future.failedFuture(e));
    }

    /** Fresh-shell retries of a scan after a protocol error (see {@link #retryable}). */
    static final int PROTOCOL_RETRIES = 2;

    /**
     * A protocol error on an established session (a garbled or refused exchange) is worth another try on a fresh
     * shell before the host's whole scan is given up (winrm4j's NTLM sealing over plain HTTP is refused now and
     * then when a request goes out on a second connection); refused connections, timeouts and bad credentials are not.
     */
    private static boolean retryable(Throwable e) {
        return e instanceof RemoteFailure f && f.reason() == RemoteFailure.Reason.PROTOCOL;
    }

    private Future<HostScan> detectAndHeal(RemoteShell shell, Target target, List<Runbook> runbooks, DriftPolicy p,
                                           Instant at) {
        return runner.detect(shell, target, runbooks, p.baseline()).compose(byId -> {
            Duration detectTime = since(at);
            Map<Runbook, Verdict> verdicts = new LinkedHashMap<>();
            runbooks.forEach(r -> verdicts.put(r, byId.get(r.id())));
            return record(target, verdicts, detectTime)
                    .compose(v -> healAll(shell, target, verdicts, p, new ArrayList<>(), List.copyOf(verdicts.keySet()), 0))
                    .map(heals -> new HostScan(target.id(), target.host(), at, byId, heals, detectTime,
                            since(at), null));
        });
    }

    private Future<Void> record(Target target, Map<Runbook, Verdict> verdicts, Duration detectTime) {
        List<EvidenceSealer.Entry> records = new ArrayList<>();
        Boolean wasReached = lastReached.put(target.id(), true);
        records.add(entries.scan(target.host(), verdicts, detectTime.toMillis()));
        for (Map.Entry<Runbook, Verdict> e : verdicts.entrySet()) {
            Verdict.Status previous = lastStatus.put(key(target.id(), e.getKey().id()), e.getValue().status());
            boolean quiet = e.getValue().compliant() || e.getValue().status() == Verdict.Status.NOT_APPLICABLE;
            if (!quiet || (previous != null && previous != e.getValue().status())) {
                records.add(entries.detect(target.host(), e.getKey(), e.getValue(), previous));
            }
        }
        List<Future<?>> appends = new ArrayList<>();
        records.forEach(r -> appends.add(evidence.append(r)));
        appends.add(healingStore.saveVerdicts(target.id(), target.host(), verdicts, clock.instant()));
        if (!Boolean.TRUE.equals(wasReached)) {
            appends.add(healingStore.reached(target.id(), true, clock.instant()));
        }
        return Future.all(appends).mapEmpty();
    }

    /** Drifted checks are healed one after another on the host's shell. */
    private Future<List<HealResult>> healAll(RemoteShell shell, Target target, Map<Runbook, Verdict> verdicts, DriftPolicy p,
                                             List<HealResult> done, List<Runbook> order, int i) {
        if (i == order.size()) {
            return Future.succeededFuture(done);
        }
        Runbook r = order.get(i);
        Verdict v = verdicts.get(r);
        if (!v.drifted()) {
            return healAll(shell, target, verdicts, p, done, order, i + 1);
        }
        return healer.heal(shell, target, r, v, p.baseline()).compose(result -> {
            done.add(result);
            if (result.outcome() != HealResult.Outcome.HEALED) {
                return healAll(shell, target, verdicts, p, done, order, i + 1);
            }
            lastStatus.put(key(target.id(), r.id()), Verdict.Status.COMPLIANT);
            Verdict healed = new Verdict(Verdict.Status.COMPLIANT, List.of(), null);
            return healingStore.saveVerdicts(target.id(), target.host(), Map.of(r, healed), clock.instant())
                    .compose(x -> healAll(shell, target, verdicts, p, done, order, i + 1));
        });
    }

    private Duration since(Instant start) {
        return Duration.between(start, clock.instant());
    }

    private Future<HostScan> unreached(Target target, Instant at, Throwable e) {
        String error = e.getMessage() == null ? e.toString() : e.getMessage();
        HostScan scan = new HostScan(target.id(), target.host(), at, Map.of(), List.of(), Duration.ZERO, since(at), error);
        if (Boolean.FALSE.equals(lastReached.put(target.id(), false))) {
            return Future.succeededFuture(scan);
        }
        return evidence.append(entries.unreachable(target.host(), error, failureReason(e)))
                .compose(r -> healingStore.reached(target.id(), false, at))
                .map(v -> scan);
    }

    /** The transport's typed reason ({@code clock_skew}, {@code authentication}, ...), or null when it gave none. */
    private static String failureReason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RemoteFailure f) {
                return f.reason().word();
            }
        }
        return null;
    }
}
