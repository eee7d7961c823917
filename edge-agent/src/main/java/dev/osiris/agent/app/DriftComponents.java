package dev.osiris.agent.app;

import dev.osiris.agent.config.DriftConfig;
import dev.osiris.agent.drift.DriftEngine;
import dev.osiris.agent.drift.DriftPolicy;
import dev.osiris.agent.drift.DriftScheduler;
import dev.osiris.agent.drift.HostScan;
import dev.osiris.agent.drift.RunbookRunner;
import dev.osiris.agent.drift.ScanStats;
import dev.osiris.agent.evidence.EvidenceStore;
import dev.osiris.agent.evidence.SqliteDatabase;
import dev.osiris.agent.heal.FlapDetector;
import dev.osiris.agent.heal.HealEvidence;
import dev.osiris.agent.heal.Healer;
import dev.osiris.agent.heal.HealingPolicy;
import dev.osiris.agent.heal.LearnedKnowledge;
import dev.osiris.agent.heal.Redactor;
import dev.osiris.agent.heal.ResolutionApplier;
import dev.osiris.agent.heal.SqliteHealingStore;
import dev.osiris.agent.remote.RemoteShells;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.agent.relay.SiteReport;
import dev.osiris.protocol.checkin.ComplianceReport;
import dev.osiris.protocol.checkin.Incident;
import dev.osiris.protocol.checkin.Resolution;
import dev.osiris.protocol.checkin.Target;
import java.sql.Connection;
import java.util.ArrayList;
import dev.osiris.protocol.runbook.RunbookCatalog;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The drift detector and healer of one agent, built in one place: catalog, runner, healing store and learned
 * knowledge, healer, engine, scheduler and resolution applier. Driven by the verticle on its event loop.
 */
final class DriftComponents implements SiteReport {

    final RunbookCatalog catalog;
    final SqliteHealingStore healingStore;
    final LearnedKnowledge knowledge;
    final DriftScheduler scheduler;
    final ResolutionApplier applier;
    final ScanStats stats = new ScanStats();
    private final Supplier<DriftPolicy> policy;
    private final Supplier<List<Target>> targets;

    private DriftComponents(Vertx vertx, DriftConfig config, RunbookCatalog catalog, SqliteHealingStore healingStore,
                            LearnedKnowledge knowledge, RemoteShells shells, EvidenceStore evidence, Redactor redactor,
                            Clock clock, Supplier<DriftPolicy> policy, Supplier<List<Target>> targets, Runnable changed) {
        this.catalog = catalog;
        this.healingStore = healingStore;
        this.knowledge = knowledge;
        this.policy = policy;
        this.targets = targets;
        RunbookRunner runner = new RunbookRunner(catalog);
        FlapDetector flaps = new FlapDetector(config.flapThreshold(), config.flapWindow());
        HealEvidence entries = new HealEvidence(clock, redactor);
        HealingPolicy base = new HealingPolicy(DriftPolicy.NONE.mode(), false, config.maxAttempts(), config.retryBackoff(),
                config.flapThreshold(), config.flapWindow(), config.promoteAfter());
        Healer healer = new Healer(vertx, runner, knowledge, flaps, healingStore, evidence, entries, clock,
                () -> base.withSite(policy.get().mode(), policy.get().dryRun()));
        DriftEngine engine = new DriftEngine(shells, runner, healer, healingStore, evidence, entries, clock, policy);
        this.scheduler = new DriftScheduler(vertx, engine::scan, config.scanConcurrency(), config.firstScanDelay(), scan -> {
            stats.add(scan);
            changed.run();
        });
        this.applier = new ResolutionApplier(shells, runner, healer, flaps, healingStore, evidence, entries, targets,
                policy);
    }

    static Future<DriftComponents> open(Vertx vertx, DriftConfig config, SqliteDatabase db, RemoteShells shells,
                                        EvidenceStore evidence, Redactor redactor, Clock clock,
                                        Supplier<DriftPolicy> policy, Supplier<List<Target>> targets, Runnable changed) {
        RunbookCatalog catalog = RunbookCatalog.builtIn();
        SqliteHealingStore store = new SqliteHealingStore(db);
        return store.loadKnowledge(config.promoteAfter()).map(knowledge -> new DriftComponents(vertx, config, catalog, store,
                knowledge, shells, evidence, redactor, clock, policy, targets, changed));
    }

    /** After a check-in: the targets and the scan interval take effect. */
    void configChanged() {
        List<Target> current = targets.get();
        stats.retain(current.stream().map(Target::id).collect(Collectors.toSet()));
        scheduler.update(current, policy.get().scanInterval());
    }

    Future<List<HostScan>> scanAllNow() {
        return scheduler.scanAllNow();
    }

    void stop() {
        scheduler.stop();
    }

    @Override
    public Future<State> state() {
        return healingStore.states().map(states -> new State(stats.summary(), compliance(states)));
    }

    /** Filled by the compliance scorer: the latest verdicts scored per framework. */
    private ComplianceReport compliance(List<SqliteHealingStore.CheckState> states) {
        return ComplianceReport.EMPTY;
    }

    @Override
    public Escalations escalations(Connection c) throws Exception {
        SqliteHealingStore.ReportContents contents = SqliteHealingStore.collect(c);
        List<Incident> incidents = new ArrayList<>();
        for (ObjectNode body : contents.incidents()) {
            incidents.add(Incident.fromJson(body, "incident"));
        }
        return new Escalations(incidents, contents.ackedResolutions());
    }

    @Override
    public void resolutions(List<Resolution> resolutions) {
        applier.accept(resolutions.stream().map(Resolution::toJson).toList());
    }
}
