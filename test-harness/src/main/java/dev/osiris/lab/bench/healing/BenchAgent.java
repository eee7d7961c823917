package dev.osiris.lab.bench.healing;

import dev.osiris.agent.app.DriftComponents;
import dev.osiris.agent.config.DriftConfig;
import dev.osiris.agent.evidence.EvidenceSync;
import dev.osiris.agent.drift.DriftPolicy;
import dev.osiris.agent.drift.DriftScheduler;
import dev.osiris.agent.drift.HostScan;
import dev.osiris.agent.evidence.SqliteDatabase;
import dev.osiris.agent.evidence.SqliteEvidenceStore;
import dev.osiris.agent.privacy.PhiScrubber;
import dev.osiris.agent.remote.KnownHosts;
import dev.osiris.agent.remote.RemoteConfig;
import dev.osiris.agent.remote.RemoteShells;
import dev.osiris.agent.remote.ScriptResult;
import dev.osiris.lab.runbooks.Attack;
import dev.osiris.lab.runbooks.LabAttacker;
import dev.osiris.protocol.checkin.Target;
import dev.osiris.protocol.evidence.ApplianceKey;
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
 * The agent's own drift graph ({@link DriftComponents}: runner, SQLite healing store and learned knowledge, flap
 * detector, healer, engine, scheduler with the agent's default limits), over a fresh SQLite
 * evidence chain in a scratch directory and the agent's own {@link RemoteShells}. The scheduler lives on one
 * event-loop context; the bench thread hands work to it and waits for the future.
 */
final class BenchAgent implements AutoCloseable {

    private static final Duration ATTACK_TIMEOUT = Duration.ofSeconds(240);

    private final Vertx vertx;
    private final Context context;
    private final SqliteEvidenceStore evidence;
    private final RemoteShells shells;
    private final LabAttacker attacker;
    private final DriftScheduler scheduler;

    private BenchAgent(Vertx vertx, Context context, SqliteEvidenceStore evidence, RemoteShells shells, LabAttacker attacker,
                       DriftScheduler scheduler) {
        this.vertx = vertx;
        this.context = context;
        this.evidence = evidence;
        this.shells = shells;
        this.attacker = attacker;
        this.scheduler = scheduler;
    }

    static BenchAgent open(Path dir, DriftConfig config, RemoteConfig remote, DriftPolicy policy)
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
            RemoteShells shells = new RemoteShells(vertx, remote, KnownHosts.inMemory());
            DriftComponents drift = DriftComponents.open(vertx, config, db, shells, evidence, PhiScrubber.defaults(),
                    Clock.systemUTC(), () -> policy, List::of, () -> { }, dir.resolve("compliance.json")).await();
            return new BenchAgent(vertx, context, evidence, shells, new LabAttacker(vertx), drift.scheduler());
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
    /** Runs a chaos attack on the host over WinRM, with the agent's transport and script wrapper. */
    ScriptResult attack(Target target, Attack attack) throws Exception {
        return attacker.run(target, attack).toCompletionStage().toCompletableFuture()
                .get(ATTACK_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
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
        attacker.close();
        evidence.close().await();
        vertx.close().await();
    }
}
