package dev.osiris.agent.app;

import dev.osiris.agent.config.AgentConfig;
import dev.osiris.agent.drift.DriftPolicy;
import dev.osiris.agent.drift.HostScan;
import dev.osiris.agent.evidence.Entries;
import dev.osiris.agent.evidence.SqliteDatabase;
import dev.osiris.agent.evidence.SqliteEvidenceStore;
import dev.osiris.agent.orders.Orders;
import dev.osiris.agent.metrics.AgentMetrics;
import dev.osiris.agent.metrics.MetricsServer;
import dev.osiris.agent.update.Updater;
import dev.osiris.agent.privacy.PhiScrubber;
import dev.osiris.agent.privacy.Redactor;
import dev.osiris.agent.relay.Backoff;
import dev.osiris.agent.relay.CheckinCycle;
import dev.osiris.agent.relay.CheckinLoop;
import dev.osiris.agent.relay.LinkState;
import dev.osiris.agent.relay.LinkStatus;
import dev.osiris.agent.relay.RelayClient;
import dev.osiris.agent.relay.RelayImageAuth;
import dev.osiris.agent.relay.SqliteOutbox;
import dev.osiris.agent.remote.HostKeyEvidence;
import dev.osiris.agent.remote.KnownHosts;
import dev.osiris.agent.remote.ReachabilityMonitor;
import dev.osiris.agent.remote.ReachabilityProbe;
import dev.osiris.agent.remote.RemoteShells;
import dev.osiris.agent.remote.SqliteKnownHosts;
import dev.osiris.agent.remote.TargetReachability;
import dev.osiris.agent.remote.TransportEvidence;
import dev.osiris.agent.time.ClockTrust;
import dev.osiris.agent.time.TimeCheck;
import dev.osiris.agent.time.TimeMonitor;
import dev.osiris.agent.time.TimeVerdict;
import dev.osiris.protocol.checkin.CheckinResponse;
import dev.osiris.protocol.checkin.ClockReport;
import dev.osiris.protocol.checkin.Target;
import dev.osiris.protocol.checkin.TargetTransport;
import dev.osiris.protocol.evidence.EvidenceKind;
import dev.osiris.protocol.json.Json;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;

/**
 * The agent's deployable shell. Its start builds the agent in one sequence: files (lock, keys), database, stores,
 * drift detection and healing, then the relay link, which records the start in evidence and runs the check-in loop
 * on this verticle's event loop. A failure to open anything fails the start and closes what was opened.
 */
final class AgentVerticle extends VerticleBase {

    /** Everything that leaves the appliance (evidence, incidents) passes the PHI scrubber. */
    private static final Redactor REDACTOR = PhiScrubber.defaults();

    private final AgentConfig config;
    private final Clock clock;
    private final Entries entries;
    private final long startedNanos = System.nanoTime();
    private StatusFile statusFile;
    private AgentFiles files;
    private SqliteDatabase db;
    private SqliteOutbox outbox;
    private SqliteEvidenceStore store;
    private RemoteShells remote;
    private TransportEvidence transportEvidence;
    private ReachabilityMonitor reachability;
    private DriftComponents drift;
    private final ClockTrust clockTrust = new ClockTrust();
    private TimeMonitor time;
    private Updater updates;
    private RelayClient client;
    private CheckinLoop loop;
    private MetricsServer metrics;
    private CheckinResponse lastConfig;
    private CheckinResponse policySource;
    private DriftPolicy policy = DriftPolicy.NONE;
    private boolean stopped;
    private volatile AgentStatus published;

    AgentVerticle(AgentConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.entries = new Entries(clock);
    }

    /** Where the link resumes from (the database's watermark, outbox and held incidents) and the trusted host keys. */
    private record Resumed(LinkState link, KnownHosts knownHosts) {
    }

    @Override
    public Future<?> start() {
        statusFile = new StatusFile(vertx, config.statusFile());
        return vertx.executeBlocking(() -> AgentFiles.read(config, clock))
                .compose(this::openDatabase)
                .compose(this::openEvidence)
                .compose(this::resume)
                .compose(this::openDrift)
                .compose(this::startLink)
                .compose(v -> serveMetrics())
                .onFailure(e -> closeWhatOpened());
    }

    private Future<SqliteDatabase> openDatabase(AgentFiles read) {
        files = read;
        return SqliteDatabase.open(config.evidenceDatabase(), config.evidenceSync());
    }

    private Future<SqliteEvidenceStore> openEvidence(SqliteDatabase opened) {
        db = opened;
        outbox = new SqliteOutbox(db, clock);
        return SqliteEvidenceStore.open(db, files.key(), clockTrust);
    }

    private Future<Resumed> resume(SqliteEvidenceStore opened) {
        store = opened;
        return Future.all(store.uploadedThrough(), outbox.depth(), outbox.held(),
                        new SqliteKnownHosts(db, clock).load(this::trustedOnFirstUse))
                .map(all -> new Resumed(LinkState.initial(all.resultAt(0), all.resultAt(1), all.resultAt(2)),
                        all.resultAt(3)));
    }

    /** The remote shells, reachability probes, and drift detection and healing over them. */
    private Future<Resumed> openDrift(Resumed resumed) {
        remote = new RemoteShells(vertx, config.remote(), resumed.knownHosts());
        transportEvidence = new TransportEvidence(store, clock);
        reachability = new ReachabilityMonitor(vertx,
                new ReachabilityProbe(remote, config.remote().operationTimeout(), clock), store,
                this::targets, config.reachabilityInterval(), clock, this::publish);
        return DriftComponents.open(vertx, config.drift(), db, remote, store, REDACTOR, clock, this::driftPolicy,
                        this::targets, this::publish, config.dataDir().resolve("compliance.json"))
                .map(opened -> {
                    drift = opened;
                    return resumed;
                });
    }

    /**
     * The relay link: each capability registers its orders, the cycle reports what drift detection and healing
     * found, the start is recorded, then the loop checks in at once. A type registered twice fails the start.
     */
    private Future<Void> startLink(Resumed resumed) {
        Orders orders = new Orders(store, entries);
        drift.registerOrders(orders);
        client = new RelayClient(vertx, config, files.key(), files.apiKey(), clock);
        updates = UpdateComponents.start(config, store, entries, clock, orders, new RelayImageAuth(config.relayUrl(),
                files.apiKey(), files.key(), clock, client::relayClockOffset));
        CheckinCycle.Identity identity = new CheckinCycle.Identity(AgentMain.version(), files.bootPartition(),
                files.key().publicKey().base64(), () -> (System.nanoTime() - startedNanos) / 1_000_000_000L,
                this::clockReport, () -> updates.current().report());
        time = new TimeMonitor(vertx, config.time(), new TimeCheck(vertx, config.time(), clock), clockTrust, store,
                entries, this::publish);
        CheckinCycle cycle = new CheckinCycle(outbox, client, store, entries, identity, clock, config.bundleMaxRecords(),
                orders, drift);
        Backoff backoff = new Backoff(config.backoffMin(), config.backoffMax(), new SecureRandom()::nextDouble);
        loop = new CheckinLoop(vertx, cycle, resumed.link(), backoff, config.checkinInterval(), config.checkinJitter(),
                store, entries, clock, this::changed);
        return store.append(entries.appliance(EvidenceKind.AGENT, "agent.start", "info",
                        Json.object().put("version", AgentMain.version()).put("bootPartition", files.bootPartition())))
                .map(recorded -> {
                    publish();
                    time.start();
                    loop.start();
                    return null;
                });
    }

    /**
     * The agent's Prometheus metrics on 127.0.0.1 when {@code metricsPort} is set: scans and heals as they finish,
     * the rest read from the published snapshot (never a secret: the snapshot holds none).
     */
    private Future<Void> serveMetrics() {
        if (config.metricsPort() == 0) {
            return Future.succeededFuture();
        }
        AgentMetrics<AgentStatus> meters = AgentStatusMetrics.of(this::publishedStatus);
        drift.onScan(meters::scanned);
        return MetricsServer.start(vertx, config.metricsPort(), meters::scrape).map(server -> {
            metrics = server;
            return null;
        });
    }

    /** The port the metrics are served on, or 0 when they are not. */
    int metricsPort() {
        return metrics == null ? 0 : metrics.port();
    }

    /** The last clock check as the check-in and the status carry it, or null (not checked, or not yet). */
    private ClockReport clockReport() {
        TimeVerdict v = clockTrust.latest();
        return v == null ? null : v.report();
    }

    /** The relay's configuration held by the link, or null (none yet, or the link is not built yet). */
    private CheckinResponse relayConfig() {
        return loop == null ? null : loop.state().config();
    }

    /** The site's drift settings from the last check-in (none before the first). */
    private DriftPolicy driftPolicy() {
        CheckinResponse current = relayConfig();
        if (current == null) {
            return DriftPolicy.NONE;
        }
        if (current != policySource) {
            policySource = current;
            policy = DriftPolicy.of(current);
        }
        return policy;
    }

    private List<Target> targets() {
        CheckinResponse current = relayConfig();
        return current == null ? List.of() : current.targets();
    }

    /** After any change of the link: publish, and probe the targets if a check-in brought a new configuration. */
    private void changed() {
        publish();
        if (relayConfig() != lastConfig) {
            lastConfig = relayConfig();
            transportEvidence.record(targets());
            reachability.targetsMaybeChanged();
            drift.configChanged();
        }
    }

    /** Called from an SSH worker once the key is queued for the database; the record is appended on the event loop. */
    private void trustedOnFirstUse(String host, int port, String fingerprint) {
        context.runOnContext(v -> {
            if (!stopped) {
                store.append(HostKeyEvidence.trustedOnFirstUse(clock.instant(), host, port, fingerprint));
            }
        });
    }

    AgentStatus status() {
        var head = store.head();
        LinkState link = loop.state();
        LinkState.Attempts attempts = link.attempts();
        LinkState.Uploads uploads = link.uploads();
        return new AgentStatus(stopped ? LinkStatus.STOPPED : link.status(), stopped ? "agent closed" : link.detail(),
                attempts.lastCheckinAt(), attempts.lastError(), attempts.consecutiveFailures(),
                attempts.nextAttemptAt(), head.seq(), head.hash(), uploads.uploadedThrough(), uploads.heldFrom(),
                uploads.heldReason(), link.delivery().outboxDepth(), link.targets(), link.credentialsPresent(),
                uploads.duplicatesReported(), clock.instant(), reachability.latest(), drift.stats.summary(),
                targets().stream().map(TargetTransport::of).toList(), clockReport(),
                updates == null ? null : updates.current());
    }

    /** Rewrites status.json with the current snapshot and publishes it to other threads; on the event loop. */
    void publish() {
        if (loop != null) {
            AgentStatus now = status();
            published = now;
            statusFile.write(now);
        }
    }

    /** The last published snapshot with the live evidence head: what other threads may read safely. */
    AgentStatus publishedStatus() {
        AgentStatus p = published;
        return p == null ? null : p.withHead(store.head().seq(), store.head().hash());
    }

    io.vertx.core.Context agentContext() {
        return context;
    }

    SqliteEvidenceStore store() {
        return store;
    }

    Future<Void> checkinNow() {
        return loop.runNow();
    }

    Future<List<TargetReachability>> probeTargetsNow() {
        return reachability.probeNow();
    }

    RemoteShells remote() {
        return remote;
    }

    /** Checks the clock now; fails when no time section is configured. */
    Future<TimeVerdict> checkTimeNow() {
        return time.checkNow();
    }

    Future<List<HostScan>> scanNow() {
        return drift.scanAllNow();
    }

    DriftComponents drift() {
        return drift;
    }

    @Override
    public Future<?> stop() {
        if (loop == null) {
            return closeWhatOpened();
        }
        reachability.stop();
        drift.stop();
        if (metrics != null) {
            metrics.close();
        }
        time.stop();
        updates.close();
        return loop.stop()
                .transform(ar -> store.append(entries.appliance(EvidenceKind.AGENT, "agent.stop", "info", Json.object())))
                .transform(ar -> {
                    stopped = true;
                    publish();
                    client.close();
                    remote.close();
                    return statusFile.settled();
                })
                .transform(ar -> db.close())
                .andThen(ar -> releaseLock());
    }

    /** After a failed start: the shells and the database closed, then the data directory released. */
    private Future<Void> closeWhatOpened() {
        if (metrics != null) {
            metrics.close();
        }
        if (remote != null) {
            remote.close();
        }
        if (client != null) {
            client.close();
        }
        return (db == null ? Future.<Void>succeededFuture() : db.close()).andThen(ar -> releaseLock());
    }

    /** The data directory is free for the next writer once the database is closed. */
    private void releaseLock() {
        try {
            if (files != null) {
                files.lock().close();
            }
        } catch (IOException e) {
            // the operating system releases it at exit anyway
        }
    }
}
