package dev.osiris.agent.app;

import dev.osiris.agent.config.AgentConfig;
import dev.osiris.agent.drift.HostScan;
import dev.osiris.agent.heal.Knowledge;
import dev.osiris.agent.heal.SqliteHealingStore;
import dev.osiris.agent.evidence.EvidenceStore;
import dev.osiris.agent.remote.RemoteShells;
import dev.osiris.agent.remote.TargetReachability;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;

/**
 * The edge agent as a library, for the CLI and end-to-end tests: start it on a Vert.x instance, look at its
 * status, drive a check-in, close it. Everything runs on the agent's own event loop.
 */
public final class Agent {

    private final Vertx vertx;
    private final AgentVerticle verticle;
    private final String deploymentId;
    private final Context context;
    private Future<Void> closing;

    private Agent(Vertx vertx, AgentVerticle verticle, String deploymentId, Context context) {
        this.vertx = vertx;
        this.verticle = verticle;
        this.deploymentId = deploymentId;
        this.context = context;
    }

    /**
     * Opens the data directory (creating the appliance key on first start), records the start in evidence
     * and starts checking in. Fails when the key file is too open, the database cannot be opened or the
     * API key file cannot be read, with a message saying which and why.
     */
    public static Future<Agent> start(Vertx vertx, AgentConfig config) {
        return start(vertx, config, Clock.systemUTC());
    }

    /** The same, reading time from {@code clock} wherever the agent reads it (evidence, status, schedules). */
    public static Future<Agent> start(Vertx vertx, AgentConfig config, Clock clock) {
        AgentVerticle verticle = new AgentVerticle(config, clock);
        return vertx.deployVerticle(verticle).map(id -> new Agent(vertx, verticle, id, verticle.agentContext()));
    }

    /**
     * A snapshot of the agent's state, safe from any thread: on the agent's own event loop it is computed
     * afresh; elsewhere it is the snapshot published at the last change, with the live evidence head.
     */
    public AgentStatus status() {
        AgentStatus published = Vertx.currentContext() == context ? null : verticle.publishedStatus();
        return published != null ? published : verticle.status();
    }

    /** The 127.0.0.1 port of the agent's Prometheus metrics ({@code metricsPort}), or 0 when none are served. */
    public int metricsPort() {
        return verticle.metricsPort();
    }

    public EvidenceStore evidence() {
        return verticle.store();
    }

    /**
     * Runs one full cycle now (check-in, outbox drain, evidence upload), after any cycle in progress.
     * Fails with the reason when the relay is unreachable or refuses.
     */
    public Future<Void> checkinNow() {
        return onAgent(verticle::checkinNow);
    }

    /**
     * Probes every target of the configuration held in memory now (after any probe round in progress): open a
     * shell, run an identity script, close. Each target whose state changed gets one {@code remote.reachability}
     * evidence record. Succeeds with one result per target (a dead host is a result, not a failure); fails only
     * when the agent is closed.
     */
    public Future<List<TargetReachability>> probeTargetsNow() {
        return onAgent(verticle::probeTargetsNow);
    }

    /**
     * Checks the appliance's clock against the configured NTP servers now (after any check in progress) and records
     * the signed {@code time.verify} record. Succeeds with the verdict; fails when the record cannot be stored or
     * the agent is closed.
     */
    public Future<dev.osiris.agent.time.TimeVerdict> checkTimeNow() {
        return onAgent(verticle::checkTimeNow);
    }

    /** The agent's remote shells (one per agent; its pools bound remote work), for drift detection and tests. */
    public RemoteShells remote() {
        return verticle.remote();
    }

    /**
     * Scans every target now (joining scans already queued or running): one batched detection per host, then
     * healing of what drifted. Succeeds with one result per target (an unreachable host is a result).
     */
    public Future<List<HostScan>> scanNow() {
        return onAgent(verticle::scanNow);
    }

    /** Incidents this agent raised, newest first, with their status (for status views and tests). */
    public Future<List<dev.osiris.agent.heal.IncidentState>> incidents() {
        return onAgent(() -> verticle.drift().incidentStore.incidents());
    }

    /** The latest verdict of every check on every host. */
    public Future<List<SqliteHealingStore.CheckState>> checks() {
        return onAgent(() -> verticle.drift().healingStore.states());
    }

    /**
     * Completes once every operator resolution received so far (with the last check-in) has been carried out:
     * remediated if it named a runbook, verified, evidenced and queued for acknowledgement.
     */
    public Future<Integer> resolutionsCarriedOut() {
        return onAgent(() -> verticle.drift().applier.idle());
    }

    /** Patterns learned from resolutions (L2 history and promoted L1 rules). */
    public List<Knowledge.Candidate> learned() {
        return verticle.drift().knowledge.all();
    }

    /** Stops checking in, records the stop, writes the final status and closes the database. Idempotent. */
    public synchronized Future<Void> close() {
        if (closing == null) {
            closing = vertx.undeploy(deploymentId);
        }
        return closing;
    }

    private <T> Future<T> onAgent(Supplier<Future<T>> action) {
        Promise<T> promise = Promise.promise();
        context.runOnContext(v -> action.get().onComplete(promise));
        return promise.future();
    }
}
