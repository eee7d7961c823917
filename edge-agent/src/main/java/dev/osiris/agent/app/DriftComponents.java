package dev.osiris.agent.app;

import dev.osiris.agent.config.DriftConfig;
import dev.osiris.agent.datadir.OwnerOnly;
import dev.osiris.agent.drift.DriftEngine;
import dev.osiris.agent.drift.DriftEvidence;
import dev.osiris.agent.drift.DriftPolicy;
import dev.osiris.agent.drift.DriftScheduler;
import dev.osiris.agent.drift.HostScan;
import dev.osiris.agent.drift.ScanBudget;
import dev.osiris.agent.drift.ScanOrder;
import dev.osiris.agent.orders.Orders;
import dev.osiris.agent.drift.ScanStats;
import dev.osiris.agent.evidence.EvidenceStore;
import dev.osiris.agent.evidence.SqliteDatabase;
import dev.osiris.agent.heal.Delay;
import dev.osiris.agent.heal.FlapDetector;
import dev.osiris.agent.heal.HealEvidence;
import dev.osiris.agent.heal.Healer;
import dev.osiris.agent.heal.HealingPolicy;
import dev.osiris.agent.heal.LearnedKnowledge;
import dev.osiris.agent.heal.OperatorResolution;
import dev.osiris.agent.heal.RaisedIncident;
import dev.osiris.agent.privacy.Redactor;
import dev.osiris.agent.heal.ResolutionApplier;
import dev.osiris.agent.heal.SqliteHealingStore;
import dev.osiris.agent.heal.SqliteIncidentStore;
import dev.osiris.agent.remote.RemoteShells;
import dev.osiris.agent.runbook.PlatformScripts;
import dev.osiris.agent.runbook.RunbookRunner;
import dev.osiris.agent.relay.SiteReport;
import dev.osiris.agent.relay.WireText;
import dev.osiris.agent.compliance.ComplianceJson;
import dev.osiris.agent.compliance.ComplianceScore;
import dev.osiris.agent.compliance.ComplianceScorer;
import dev.osiris.agent.compliance.LatestCheck;
import dev.osiris.agent.compliance.ScoredHost;
import dev.osiris.protocol.json.Json;
import java.nio.file.Path;
import dev.osiris.protocol.checkin.Incident;
import dev.osiris.protocol.checkin.Resolution;
import dev.osiris.protocol.checkin.Target;
import dev.osiris.protocol.checkin.TargetTransport;
import java.sql.Connection;
import java.util.ArrayList;
import dev.osiris.protocol.runbook.RunbookCatalog;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The drift detector and healer of one agent, built in one place: catalog, runner, healing store and learned
 * knowledge, healer, engine, scheduler and resolution applier. Driven by the verticle on its event loop.
 */
public final class DriftComponents implements SiteReport {

    final RunbookCatalog catalog;
    final SqliteHealingStore healingStore;
    final SqliteIncidentStore incidentStore;
    final LearnedKnowledge knowledge;
    final DriftScheduler scheduler;
    final ResolutionApplier applier;
    final ScanStats stats = new ScanStats();
    private final Supplier<DriftPolicy> policy;
    private final Supplier<List<Target>> targets;
    private final Vertx vertx;
    private final ComplianceScorer scorer;
    private final Path complianceFile;
    private long complianceTimer = -1;
    private Consumer<HostScan> scanListener = scan -> { };

    private DriftComponents(Vertx vertx, DriftConfig config, RunbookCatalog catalog, SqliteHealingStore healingStore,
                            SqliteIncidentStore incidentStore, LearnedKnowledge knowledge,
                            SqliteHealingStore.Remembered remembered, RemoteShells shells, EvidenceStore evidence,
                            Redactor redactor, Clock clock, Supplier<DriftPolicy> policy, Supplier<List<Target>> targets,
                            Runnable changed, Path complianceFile) {
        this.vertx = vertx;
        this.complianceFile = complianceFile;
        this.scorer = new ComplianceScorer(catalog, clock);
        this.catalog = catalog;
        this.healingStore = healingStore;
        this.incidentStore = incidentStore;
        this.knowledge = knowledge;
        this.policy = policy;
        this.targets = targets;
        RunbookRunner runner = new RunbookRunner(catalog);
        FlapDetector flaps = new FlapDetector(config.flapThreshold(), config.flapWindow());
        remembered.heals().forEach(h -> flaps.healed(h.targetId(), h.runbookId(), h.at()));
        HealEvidence entries = new HealEvidence(clock, redactor);
        HealingPolicy base = new HealingPolicy(DriftPolicy.NONE.mode(), false, config.maxAttempts(), config.retryBackoff());
        Healer healer = new Healer(runner, knowledge, flaps, healingStore, incidentStore, evidence, entries, clock,
                Delay.timers(vertx),
                () -> base.withSite(policy.get().mode(), policy.get().dryRun()));
        DriftEngine engine = new DriftEngine(shells::open, runner, healer, healingStore, evidence,
                new DriftEvidence(clock, redactor), clock, policy,
                remembered);
        this.scheduler = new DriftScheduler(vertx, engine::scan, scanConcurrency(config, shells),
                config.firstScanDelay(), scan -> {
                    stats.add(scan);
                    scanListener.accept(scan);
                    changed.run();
                    complianceSoon();
                });
        this.applier = new ResolutionApplier(shells::open, runner, healer, flaps, healingStore, incidentStore, evidence,
                entries, targets, () -> policy.get().baseline(), clock);
    }

    /** Tells {@code listener} of every finished host scan (on the event loop), after the stats have counted it. */
    void onScan(Consumer<HostScan> listener) {
        this.scanListener = listener;
    }

    /**
     * The configured scan concurrency, lowered where this JVM's heap does not hold that many scans in flight
     * ({@link ScanBudget}): a thin client's small {@code -Xmx} then scans fewer hosts at once instead of running
     * out of heap.
     */
    public static int scanConcurrency(DriftConfig config, RemoteShells shells) {
        return ScanBudget.MEASURED.inFlight(config.scanConcurrency(), Runtime.getRuntime().maxMemory(),
                shells.config().maxOutputBytes());
    }

    /**
     * Builds the graph over an open agent database (whose learned knowledge, latest verdicts, reachability and
     * flapping window it loads, so that a restart forgets none of them); fails with the storage error.
     * {@code changed} runs after each host scan; the compliance score is written to {@code complianceFile}.
     */
    public static Future<DriftComponents> open(Vertx vertx, DriftConfig config, SqliteDatabase db, RemoteShells shells,
                                        EvidenceStore evidence, Redactor redactor, Clock clock,
                                        Supplier<DriftPolicy> policy, Supplier<List<Target>> targets, Runnable changed,
                                        Path complianceFile) {
        RunbookCatalog catalog = RunbookCatalog.builtIn();
        SqliteHealingStore store = new SqliteHealingStore(db);
        Instant windowStart = clock.instant().minus(config.flapWindow());
        return Future.all(store.loadKnowledge(config.promoteAfter()), store.remembered(windowStart))
                .map(all -> new DriftComponents(vertx, config, catalog, store, new SqliteIncidentStore(db), all.resultAt(0),
                        all.resultAt(1), shells, evidence, redactor, clock, policy, targets, changed, complianceFile));
    }

    /** After a check-in: the targets and the scan interval take effect. */
    void configChanged() {
        List<Target> current = targets.get();
        stats.retain(current.stream().map(Target::id).collect(Collectors.toSet()));
        scheduler.update(current, policy.get().scanInterval());
    }

    /** Registers the relay orders drift detection carries out (today {@code scan}); fails as {@link Orders#register} does. */
    public void registerOrders(Orders orders) {
        ScanOrder.register(orders, scheduler);
    }

    /** The scheduler, for callers that drive scans themselves (the healing bench). */
    public DriftScheduler scheduler() {
        return scheduler;
    }

    Future<List<HostScan>> scanAllNow() {
        return scheduler.scanAllNow();
    }

    void stop() {
        scheduler.stop();
    }

    @Override
    public Future<State> state() {
        return compliance().map(score -> new State(stats.summary(), ComplianceJson.report(score)));
    }

    /**
     * The site's compliance from the latest verdict of every check on every current target, also written to
     * {@code compliance.json} (atomically, owner-only) for {@code agent compliance}.
     */
    Future<ComplianceScore> compliance() {
        return healingStore.states().compose(states -> {
            List<Target> current = targets.get();
            Map<String, String> names = hostNames(current);
            List<ScoredHost> hosts = current.stream()
                    .map(t -> new ScoredHost(names.get(t.id()), PlatformScripts.platformOf(t))).toList();
            List<LatestCheck> checks = states.stream().filter(s -> names.containsKey(s.targetId()))
                    .map(s -> new LatestCheck(names.get(s.targetId()), s.runbookId(), s.status(), s.at())).toList();
            ComplianceScore score = scorer.score(hosts, policy.get().enabled(), checks,
                    current.stream().map(TargetTransport::of).toList());
            byte[] body = Json.bytes(ComplianceJson.toJson(score));
            return vertx.executeBlocking(() -> {
                OwnerOnly.writeAtomically(complianceFile, body);
                return score;
            });
        });
    }

    /**
     * Each target's name in the score: its host, or, where several targets share one address (WinRM and SSH to one
     * machine, two machines behind one NAT address), the host with the target's id, so that none hides another.
     */
    static Map<String, String> hostNames(List<Target> targets) {
        Map<String, Long> perHost = targets.stream().collect(Collectors.groupingBy(Target::host, Collectors.counting()));
        Map<String, String> names = new LinkedHashMap<>();
        for (Target t : targets) {
            names.put(t.id(), perHost.get(t.host()) == 1 ? t.host() : t.host() + " (" + t.id() + ")");
        }
        return names;
    }

    /** Recomputes the score shortly after scans finish (once for a burst of scans). */
    private void complianceSoon() {
        if (complianceTimer < 0) {
            complianceTimer = vertx.setTimer(500, t -> {
                complianceTimer = -1;
                compliance();
            });
        }
    }

    @Override
    public Escalations escalations(Connection c) throws Exception {
        SqliteIncidentStore.ReportContents contents = SqliteIncidentStore.collect(c);
        List<Incident> incidents = new ArrayList<>();
        for (RaisedIncident incident : contents.incidents()) {
            // the wire's checks run on the JSON the relay receives; WireText escapes what a hostile host put in it
            incidents.add(WireText.incident(incident.toWire().toJson()));
        }
        return new Escalations(incidents, contents.ackedResolutions());
    }

    @Override
    public void requeue(Connection c, List<String> incidentIds, List<String> ackedResolutions) throws Exception {
        SqliteIncidentStore.requeue(c, incidentIds, ackedResolutions);
    }

    @Override
    public void resolutions(List<Resolution> resolutions) {
        applier.accept(resolutions.stream().map(OperatorResolution::of).toList());
    }
}
