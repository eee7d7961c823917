package dev.osiris.lab.bench.healing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.osiris.agent.config.DriftConfig;
import dev.osiris.agent.config.EvidenceSync;
import dev.osiris.agent.drift.DriftEngine;
import dev.osiris.agent.drift.DriftPolicy;
import dev.osiris.agent.drift.DriftScheduler;
import dev.osiris.agent.drift.HostScan;
import dev.osiris.agent.drift.RunbookRunner;
import dev.osiris.agent.evidence.SqliteDatabase;
import dev.osiris.agent.evidence.SqliteEvidenceStore;
import dev.osiris.agent.heal.FlapDetector;
import dev.osiris.agent.heal.HealEvidence;
import dev.osiris.agent.heal.Healer;
import dev.osiris.agent.heal.HealingPolicy;
import dev.osiris.agent.heal.LearnedKnowledge;
import dev.osiris.agent.heal.Redactor;
import dev.osiris.agent.heal.SqliteHealingStore;
import dev.osiris.agent.privacy.PhiScrubber;
import dev.osiris.agent.remote.KnownHosts;
import dev.osiris.agent.remote.RemoteConfig;
import dev.osiris.agent.remote.RemoteShells;
import dev.osiris.agent.remote.ScriptResult;
import dev.osiris.lab.runbooks.Attack;
import dev.osiris.protocol.checkin.Target;
import dev.osiris.protocol.evidence.ApplianceKey;
import dev.osiris.protocol.runbook.RunbookCatalog;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The agent's drift graph wired the way {@code DriftComponents} wires it (runner, SQLite healing store and learned
 * knowledge, flap detector, healer, engine, scheduler with the agent's default limits), over a fresh SQLite
 * evidence chain in a scratch directory and the agent's own {@link RemoteShells}. The scheduler lives on one
 * event-loop context; the bench thread hands work to it and waits for the future.
 */
final class BenchAgent implements AutoCloseable {

    /** As the agent: everything that leaves the appliance (evidence, incidents) passes the PHI scrubber. */
    private static final Redactor SCRUBBED = new Redactor() {
        private final PhiScrubber scrubber = PhiScrubber.defaults();

        @Override
        public String text(String text) {
            return scrubber.scrub(text);
        }

        @Override
        public JsonNode json(JsonNode node) {
            return scrubber.scrub(node);
        }
    };
    private static final Duration ATTACK_TIMEOUT = Duration.ofSeconds(60);

    private final Vertx vertx;
    private final Context context;
    private final SqliteEvidenceStore evidence;
    private final RemoteShells shells;
    private final RunbookRunner runner;
    private final DriftScheduler scheduler;

    private BenchAgent(Vertx vertx, Context context, SqliteEvidenceStore evidence, RemoteShells shells, RunbookRunner runner,
                       DriftScheduler scheduler) {
        this.vertx = vertx;
        this.context = context;
        this.evidence = evidence;
        this.shells = shells;
        this.runner = runner;
        this.scheduler = scheduler;
    }

    static BenchAgent open(Path dir, RunbookCatalog catalog, DriftConfig config, RemoteConfig remote, DriftPolicy policy)
            throws Exception {
        Vertx vertx = Vertx.vertx();
        Context context = vertx.getOrCreateContext();
        SqliteDatabase db = SqliteDatabase.open(dir.resolve("evidence.db"), EvidenceSync.FULL).await();
        SqliteEvidenceStore evidence;
        try {
            evidence = SqliteEvidenceStore.open(db, ApplianceKey.generate(new SecureRandom())).await();
        } catch (Exception e) {
            db.close().await();
            vertx.close().await();
            throw e;
        }
        try {
            SqliteHealingStore store = new SqliteHealingStore(db);
            LearnedKnowledge knowledge = store.loadKnowledge(config.promoteAfter()).await();
            Clock clock = Clock.systemUTC();
            RemoteShells shells = new RemoteShells(vertx, remote, KnownHosts.inMemory());
            RunbookRunner runner = new RunbookRunner(catalog);
            HealEvidence entries = new HealEvidence(clock, SCRUBBED);
            HealingPolicy healing = new HealingPolicy(policy.mode(), policy.dryRun(), config.maxAttempts(),
                    config.retryBackoff());
            Healer healer = new Healer(vertx, runner, knowledge, new FlapDetector(config.flapThreshold(), config.flapWindow()),
                    store, evidence, entries, clock, () -> healing);
            DriftEngine engine = new DriftEngine(shells, runner, healer, store, evidence, entries, clock, () -> policy);
            DriftScheduler scheduler = new DriftScheduler(vertx, engine::scan, config.scanConcurrency(),
                    config.firstScanDelay(), scan -> { });
            return new BenchAgent(vertx, context, evidence, shells, runner, scheduler);
        } catch (Exception e) {
            evidence.close().await();
            vertx.close().await();
            throw e;
        }
    }

    /** Makes the targets known to the scheduler; their timed first scans are pushed a day out. */
    void targets(List<Target> targets) throws Exception {
        onLoop(() -> {
            scheduler.update(targets, Duration.ofDays(1));
            return Future.succeededFuture();
        }, Duration.ofSeconds(30));
    }

    List<HostScan> scanAllNow(Duration timeout) throws Exception {
        return onLoop(scheduler::scanAllNow, timeout);
    }

    HostScan scanNow(String targetId, Duration timeout) throws Exception {
        return onLoop(() -> scheduler.scanNow(targetId), timeout);
    }

    /** Runs a chaos attack on the host over its own WinRM shell, with the agent's script wrapper. */
    ScriptResult attack(Target target, Attack attack) throws Exception {
        return onLoop(() -> shells.open(target).compose(shell -> runner
                        .runScript(shell, target, "attack-" + attack.name(), attack.script(), ATTACK_TIMEOUT)
                        .eventually(shell::close)),
                ATTACK_TIMEOUT.plusSeconds(30));
    }

    private <T> T onLoop(Supplier<Future<T>> work, Duration timeout) throws Exception {
        CompletableFuture<T> done = new CompletableFuture<>();
        context.runOnContext(v -> work.get().onComplete(ar -> {
            if (ar.succeeded()) {
                done.complete(ar.result());
            } else {
                done.completeExceptionally(ar.cause());
            }
        }));
        return done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws Exception {
        onLoop(() -> {
            scheduler.stop();
            return Future.succeededFuture();
        }, Duration.ofSeconds(30));
        shells.close();
        evidence.close().await();
        vertx.close().await();
    }
}
