package dev.osiris.agent.app;

import dev.osiris.agent.config.AgentConfig;
import dev.osiris.agent.datadir.DataDirLock;
import dev.osiris.agent.datadir.OwnerOnly;
import dev.osiris.agent.drift.DriftPolicy;
import dev.osiris.agent.drift.HostScan;
import dev.osiris.agent.privacy.PhiScrubber;
import dev.osiris.agent.privacy.Redactor;
import dev.osiris.agent.relay.SiteReport;
import dev.osiris.agent.evidence.ApplianceKeyFile;
import dev.osiris.agent.evidence.Entries;
import dev.osiris.agent.evidence.SqliteDatabase;
import dev.osiris.agent.evidence.SqliteEvidenceStore;
import dev.osiris.agent.relay.Backoff;
import dev.osiris.agent.relay.CheckinCycle;
import dev.osiris.agent.relay.CheckinLoop;
import dev.osiris.agent.relay.LinkState;
import dev.osiris.agent.relay.RelayClient;
import dev.osiris.agent.relay.SqliteOutbox;
import dev.osiris.agent.remote.KnownHosts;
import dev.osiris.agent.remote.ReachabilityMonitor;
import dev.osiris.agent.remote.ReachabilityProbe;
import dev.osiris.agent.remote.RemoteShells;
import dev.osiris.agent.remote.SqliteKnownHosts;
import dev.osiris.agent.remote.TargetReachability;
import dev.osiris.agent.remote.TransportEvidence;
import dev.osiris.protocol.checkin.CheckinResponse;
import dev.osiris.protocol.checkin.Target;
import dev.osiris.protocol.checkin.TargetTransport;
import dev.osiris.protocol.evidence.EvidenceSealer;
import dev.osiris.protocol.evidence.ApplianceKey;
import dev.osiris.protocol.evidence.EvidenceKind;
import dev.osiris.protocol.json.Json;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;

/**
 * The agent's deployable shell: opens the key, the evidence database and the outbox, records the start in
 * evidence and runs the check-in loop on this verticle's event loop. A failure to open anything fails the start.
 */
final class AgentVerticle extends VerticleBase {

    /** Everything that leaves the appliance (evidence, incidents) passes the PHI scrubber. */
    private static final Redactor REDACTOR = PhiScrubber.defaults();
    private static final Path BOOT_PARTITION = Path.of("/run/osiris/boot-partition");

    private final AgentConfig config;
    private final Clock clock;
    private final long startedNanos = System.nanoTime();
    private SqliteDatabase db;
    private SqliteEvidenceStore store;
    private RelayClient client;
    private CheckinLoop loop;
    private LinkState link;
    private StatusFile statusFile;
    private RemoteShells remote;
    private ReachabilityMonitor reachability;
    private CheckinResponse lastConfig;
    private DriftComponents drift;
    private CheckinResponse policySource;
    private DriftPolicy policy = DriftPolicy.NONE;
    private boolean stopped;
    private volatile AgentStatus published;
    private DataDirLock lock;
    private TransportEvidence transportEvidence;

    AgentVerticle(AgentConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    private record Files0(ApplianceKey key, String apiKey, String bootPartition) {
    }

    @Override
    public Future<?> start() {
        statusFile = new StatusFile(vertx, config.statusFile());
        return vertx.executeBlocking(this::readFiles)
                .compose(files -> SqliteDatabase.open(config.evidenceDatabase(), config.evidenceSync())
                        .compose(database -> {
                            db = database;
                            return SqliteEvidenceStore.open(db, files.key());
                        })
                        .compose(s -> {
                            store = s;
                            SqliteOutbox outbox = new SqliteOutbox(db);
                            return Future.all(store.uploadedThrough(), outbox.depth(), outbox.held(),
                                    new SqliteKnownHosts(db, clock).load(this::trustedOnFirstUse)).compose(all -> {
                                link = new LinkState(all.resultAt(0), all.resultAt(1));
                                link.hold(all.resultAt(2));
                                wire(files, outbox, all.resultAt(3));
                                return DriftComponents.open(vertx, config.drift(), db, remote, store, REDACTOR, clock,
                                        this::driftPolicy, this::targets, this::publish, config.dataDir().resolve("compliance.json"));
                            }).compose(d -> {
                                drift = d;
                                return store.append(new Entries(clock).appliance(EvidenceKind.AGENT, "agent.start", "info",
                                        Json.object().put("version", AgentMain.version()).put("bootPartition", files.bootPartition())));
                            });
                        }))
                .onSuccess(r -> {
                    publish();
                    loop.start();
                })
                .onFailure(e -> {
                    if (remote != null) {
                        remote.close();
                    }
                    (db == null ? Future.<Void>succeededFuture() : db.close()).onComplete(ar -> releaseLock());
                });
    }

    private void wire(Files0 files, SqliteOutbox outbox, KnownHosts knownHosts) {
        Entries entries = new Entries(clock);
        client = new RelayClient(vertx, config, files.key(), files.apiKey());
        CheckinCycle.Identity identity = new CheckinCycle.Identity(AgentMain.version(), files.bootPartition(),
                files.key().publicKey().base64(), () -> (System.nanoTime() - startedNanos) / 1_000_000_000L);
        CheckinCycle cycle = new CheckinCycle(outbox, client, store, link, entries, identity, clock,
                config.bundleMaxRecords(), this::changed, this::order, siteReport());
        Backoff backoff = new Backoff(config.backoffMin(), config.backoffMax(), new SecureRandom()::nextDouble);
        loop = new CheckinLoop(vertx, cycle, link, backoff, config.checkinInterval(), config.checkinJitter(), store,
                entries, clock, this::changed);
        remote = new RemoteShells(vertx, config.remote(), knownHosts);
        transportEvidence = new TransportEvidence(store, clock);
        reachability = new ReachabilityMonitor(vertx,
                new ReachabilityProbe(remote, config.remote().operationTimeout(), clock), store,
                this::targets, config.reachabilityInterval(), clock, this::publish);
    }

    /** The check-in's view of drift and healing; the components exist before the first check-in starts. */
    private SiteReport siteReport() {
        return new SiteReport() {
            @Override
            public Future<State> state() {
                return drift.state();
            }

            @Override
            public Escalations escalations(java.sql.Connection c) throws Exception {
                return drift.escalations(c);
            }

            @Override
            public void resolutions(List<dev.osiris.protocol.checkin.Resolution> resolutions) {
                drift.resolutions(resolutions);
            }

            @Override
            public void requeue(java.sql.Connection c, List<String> incidentIds, List<String> acks) throws Exception {
                drift.requeue(c, incidentIds, acks);
            }
        };
    }

    /** A {@code scan} order scans every target now (in the background; the scans leave their own evidence). */
    private String order(dev.osiris.protocol.checkin.Order order) {
        if (order.type().equals("scan") && drift != null) {
            drift.scanAllNow();
            return "started";
        }
        return "unsupported";
    }

    /** The site's drift settings from the last check-in (none before the first). */
    private DriftPolicy driftPolicy() {
        CheckinResponse current = link.config();
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
        return link.config() == null ? List.of() : link.config().targets();
    }

    /** After any change of the link: publish, and probe the targets if a check-in brought a new configuration. */
    private void changed() {
        publish();
        if (link.config() != lastConfig) {
            lastConfig = link.config();
            transportEvidence.record(targets());
            reachability.targetsMaybeChanged();
            drift.configChanged();
        }
    }

    /** Called from an SSH worker once the key is queued for the database; the record is appended on the event loop. */
    private void trustedOnFirstUse(String host, int port, String fingerprint) {
        context.runOnContext(v -> {
            if (!stopped) {
                store.append(new EvidenceSealer.Entry(clock.instant(), host, "remote.hostkey", EvidenceKind.REMOTE,
                        "trusted-on-first-use", Json.object().put("port", port).put("fingerprint", fingerprint)));
            }
        });
    }

    private Files0 readFiles() throws IOException {
        lock = DataDirLock.acquire(config.dataDir(), "run");
        for (Path file : List.of(config.statusFile(), config.dataDir().resolve("compliance.json"))) {
            OwnerOnly.narrowIfExists(file);
        }
        ApplianceKey key = ApplianceKeyFile.loadOrCreate(config.applianceKeyFile());
        String apiKey;
        try {
            OwnerOnly.requirePrivate(config.apiKeyFile(), "apiKeyFile");
            apiKey = Files.readString(config.apiKeyFile(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new IOException(e.getMessage().startsWith("apiKeyFile") ? e.getMessage()
                    : "apiKeyFile " + config.apiKeyFile() + " cannot be read: " + e.getMessage(), e);
        }
        if (apiKey.isEmpty()) {
            throw new IOException("apiKeyFile " + config.apiKeyFile() + " is empty");
        }
        String partition = "a";
        if (Files.isReadable(BOOT_PARTITION)) {
            String p = Files.readString(BOOT_PARTITION).trim();
            partition = p.equals("b") ? "b" : "a";
        }
        return new Files0(key, apiKey, partition);
    }

    AgentStatus status() {
        var head = store.head();
        String state = stopped ? "stopped" : link.state();
        String detail = stopped ? "agent closed" : link.detail();
        return new AgentStatus(state, detail, link.lastCheckinAt(), link.lastError(), link.consecutiveFailures(),
                link.nextAttemptAt(), head.seq(), head.hash(), link.uploadedThrough(), link.refusedSeq(),
                link.refusedError(), link.outboxDepth(),
                link.targets(), link.credentialsPresent(), link.duplicatesReported(), clock.instant(),
                reachability == null ? List.of() : reachability.latest(), drift == null ? null : drift.stats.summary(),
                targets().stream().map(TargetTransport::of).toList());
    }

    /** Rewrites status.json with the current snapshot and publishes it to other threads; on the event loop. */
    void publish() {
        if (link != null && store != null) {
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

    Future<List<HostScan>> scanNow() {
        return drift.scanAllNow();
    }

    DriftComponents drift() {
        return drift;
    }

    @Override
    public Future<?> stop() {
        if (loop == null) {
            return (db == null ? Future.<Void>succeededFuture() : db.close()).andThen(ar -> releaseLock());
        }
        reachability.stop();
        drift.stop();
        return loop.stop()
                .transform(ar -> store.append(new Entries(clock).appliance(EvidenceKind.AGENT, "agent.stop", "info", Json.object())))
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

    /** The data directory is free for the next writer once the database is closed. */
    private void releaseLock() {
        try {
            if (lock != null) {
                lock.close();
            }
        } catch (IOException e) {
            // the operating system releases it at exit anyway
        }
    }
}
