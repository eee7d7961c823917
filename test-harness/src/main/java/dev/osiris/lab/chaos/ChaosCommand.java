package dev.osiris.lab.chaos;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.agent.config.DriftConfig;
import dev.osiris.lab.Await;
import dev.osiris.lab.WorkDirs;
import dev.osiris.lab.hosts.Lab;
import dev.osiris.lab.hosts.LabBaseline;
import dev.osiris.lab.hosts.LabSpec;
import dev.osiris.lab.relay.OperatorClient;
import dev.osiris.lab.runbooks.Attacks;
import dev.osiris.lab.runbooks.LabAttacker;
import dev.osiris.lab.site.LabSite;
import dev.osiris.protocol.json.Json;
import dev.osiris.protocol.runbook.RunbookCatalog;
import io.vertx.core.Vertx;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;

/** {@code ./osiris chaos run|report}: campaigns against the lab and their heal-rate reports (issue 10). */
@Command(name = "chaos", description = "Chaos campaigns against the lab and heal-rate reports.",
        subcommands = {ChaosCommand.Run.class, ChaosCommand.Report.class})
public final class ChaosCommand {

    @Command(name = "run", description = "Run a campaign (healing-first, stress, full-spectrum, network-scan) against"
            + " a lab started for it, with an embedded relay and the appliance agent, and write its report.")
    static final class Run implements Callable<Integer> {
        @Parameters(paramLabel = "PLAN", description = "healing-first, stress, full-spectrum or network-scan")
        String plan;
        @Option(names = "--config", description = "config.env (default: chaos-lab/config.env when it exists)")
        Path config;
        @Option(names = "--seed", description = "attack order and host choice (default: SEED in config.env, else random)")
        Long seed;
        @Option(names = "--out", description = "report directory (default: .osiris/chaos/<plan>-<time>)")
        Path out;

        @Override
        public Integer call() throws Exception {
            Plan p;
            CampaignConfig cfg;
            try {
                p = Plan.fromWire(plan);
                cfg = config != null ? CampaignConfig.load(config) : defaultConfig();
            } catch (IllegalArgumentException e) {
                System.err.println("chaos run: " + e.getMessage());
                return 2;
            }
            long s = seed != null ? seed : cfg.seed() != null ? cfg.seed() : new SecureRandom().nextLong();
            cfg = cfg.withSeed(s);
            Path dir = out != null ? out : WorkDirs.of("chaos").resolve(p.wire() + "-" + System.currentTimeMillis());
            Files.createDirectories(dir);
            return new Campaign(p, cfg, s, dir).run();
        }

        private static CampaignConfig defaultConfig() {
            Path file = Attacks.directory().getParent().resolve("config.env");
            return Files.isRegularFile(file) ? CampaignConfig.load(file) : CampaignConfig.DEFAULTS;
        }
    }

    /** One campaign's lifetime: lab and site up, the runner, the report (also on Ctrl-C), everything down. */
    private record Campaign(Plan plan, CampaignConfig config, long seed, Path dir) {

        int run() throws IOException {
            if (System.getenv("OSIRIS_VERBOSE") == null) {
                java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
            }
            LabSpec spec;
            try {
                spec = config.labSpec() == null ? LabSpec.defaults() : LabSpec.load(config.labSpec());
                // before any namespace or packet: the spec's Linux hosts must be lab addresses or named in config.env
                TargetPolicy policy = new TargetPolicy(config.allowedTargets());
                spec.linux().forEach(l -> policy.check(l.name(), l.address()));
            } catch (IllegalArgumentException | TargetPolicy.TargetRefusedException e) {
                System.err.println("chaos run: " + e.getMessage());
                return 2;
            }
            Attacks attacks = Attacks.load();
            Vertx vertx = Vertx.vertx();
            Path work = WorkDirs.fresh(dir.resolve("work"));
            // only the campaign's ordered scans run, so that every round is judged by the scan that follows it
            LabSite site = LabSite.create(vertx, work.resolve("site"), "Chaos lab", b -> b
                    .checkinInterval(Duration.ofHours(1)).reachabilityInterval(Duration.ZERO)
                    .backoffMin(Duration.ofMillis(50)).backoffMax(Duration.ofMillis(500))
                    .drift(DriftConfig.DEFAULTS.withFirstScanDelay(Duration.ofHours(1)).withRetryBackoff(Duration.ofMillis(200))));
            LabAttacker attacker = new LabAttacker(vertx);
            TransportTimeSync timeSync = new TransportTimeSync(vertx);
            RemediationRestorer restorer = new RemediationRestorer(vertx, RunbookCatalog.builtIn());
            java.util.concurrent.atomic.AtomicReference<Lab> lab = new java.util.concurrent.atomic.AtomicReference<>();
            AtomicBoolean closed = new AtomicBoolean();
            // once, from the main thread or from the Ctrl-C hook: namespaces and processes must not outlive the run
            Runnable closeAll = () -> {
                if (closed.compareAndSet(false, true)) {
                    attacker.close();
                    timeSync.close();
                    restorer.close();
                    if (lab.get() != null) {
                        lab.get().close();
                    }
                    site.close();
                    vertx.close().await();
                }
            };
            AtomicBoolean reported = new AtomicBoolean();
            java.util.concurrent.atomic.AtomicReference<CampaignRunner> runner = new java.util.concurrent.atomic.AtomicReference<>();
            Thread hook = null;
            try {
                lab.set(Await.result(Lab.start(vertx, work.resolve("lab"), spec), Duration.ofMinutes(3)));
                lab.get().skipped().forEach(r -> System.out.println("chaos: host skipped: " + r));
                Await.result(lab.get().registerWith(site.operator(), site.siteId()));
                Await.result(site.operator().putRunbooks(site.siteId(), LabBaseline.siteRunbooks()
                        .put("healingMode", config.healingMode())));
                runner.set(new CampaignRunner(new CampaignRunner.Site(lab.get().hosts(), site.startAgent(),
                        attacker, new LabTimeSync(timeSync, lab::get), restorer), plan, config, seed, System.out,
                        Clock.systemUTC()));
                hook = new Thread(() -> {
                    runner.get().stop();
                    if (reported.compareAndSet(false, true)) {
                        System.out.println("chaos: interrupted; writing what the campaign has");
                        write(runner.get().snapshot(true), null);
                    }
                    closeAll.run();
                }, "osiris-chaos-interrupted");
                Runtime.getRuntime().addShutdownHook(hook);
                CampaignResult result;
                try {
                    result = runner.get().run(attacks);
                } catch (TargetPolicy.TargetRefusedException | IllegalArgumentException e) {
                    System.err.println("chaos run: " + e.getMessage());
                    reported.set(true);
                    return 2;
                }
                if (reported.compareAndSet(false, true)) {
                    write(result, site);
                }
                return 0;
            } finally {
                if (hook != null) {
                    try {
                        Runtime.getRuntime().removeShutdownHook(hook);
                    } catch (IllegalStateException shuttingDown) {
                        // the hook is running: it writes the report and closes everything
                    }
                    if (reported.compareAndSet(false, true)) {
                        // stopped by an error: what was judged so far is still worth a report
                        write(runner.get().snapshot(true), null);
                    }
                }
                closeAll.run();
            }
        }

        private void write(CampaignResult result, LabSite site) {
            try {
                CampaignReport report = new CampaignReport(result);
                List<String> problems = report.write(dir);
                problems.forEach(pr -> System.out.println("chaos: " + pr));
                if (site != null) {
                    exportRelayChain(site);
                }
                System.out.println();
                System.out.print(summary(report));
                System.out.println("chaos: report in " + dir.resolve("report.md") + " (and report.json, report.html)");
            } catch (IOException | RuntimeException e) {
                System.err.println("chaos: could not write the report in " + dir + ": " + e.getMessage());
            }
        }

        /** The relay's copy of the evidence chain beside the report, so anyone can recount the report from it. */
        private void exportRelayChain(LabSite site) throws IOException {
            Await.result(site.agent().checkinNow(), Duration.ofMinutes(1));
            Await.result(site.agent().checkinNow(), Duration.ofMinutes(1));
            OperatorClient.StoredEvidence stored = site.evidenceAtRelay();
            ObjectNode root = Json.object().put("publicKey", stored.pinnedKey() == null ? null : stored.pinnedKey().base64());
            ArrayNode records = root.putArray("records");
            stored.records().forEach(r -> records.add(r.toJson()));
            Files.writeString(dir.resolve("relay-evidence.json"), Json.MAPPER.writeValueAsString(root));
        }

        private static String summary(CampaignReport report) {
            CampaignStats s = report.stats();
            StringBuilder b = new StringBuilder();
            if (report.result().plan() == Plan.NETWORK_SCAN) {
                new java.util.TreeMap<>(report.result().compliance()).forEach((host, checks) -> b.append(String.format(
                        "  %-8s %3d checks: %s%n", host, checks.size(), new java.util.TreeMap<>(checks.values().stream()
                                .collect(java.util.stream.Collectors.groupingBy(v -> v, java.util.stream.Collectors.counting()))))));
                return b.toString();
            }
            b.append(String.format("heal rate %s (auto-healable %s), median %s, p95 %s, misses %d, restores %d, wall %s%n",
                    s.overall(), report.autoHealable(), CampaignReport.seconds(s.timing().median()),
                    CampaignReport.seconds(s.timing().p95()), s.misses().size(), report.result().restores(),
                    CampaignReport.seconds(java.time.Duration.between(report.result().startedAt(), report.result().finishedAt()))));
            s.byCategory().forEach((k, r) -> {
                CampaignStats.Timing t = s.timingByCategory().get(k);
                b.append(String.format("  %-12s %-14s median %-8s p95 %s%n", k, r, CampaignReport.seconds(t.median()),
                        CampaignReport.seconds(t.p95())));
            });
            return b.toString();
        }
    }

    @Command(name = "report", description = "Compare two campaign reports: heal rate per runbook, up or down.")
    static final class Report implements Callable<Integer> {
        @Option(names = "--compare", arity = "2", paramLabel = "REPORT", required = true,
                description = "two campaign directories or report.json files: A (before) and B (after)")
        List<Path> compare;

        @Override
        public Integer call() {
            try {
                System.out.print(ReportComparison.compare(ReportComparison.load(compare.get(0)),
                        ReportComparison.load(compare.get(1))));
                return 0;
            } catch (IllegalArgumentException e) {
                System.err.println("chaos report: " + e.getMessage());
                return 2;
            }
        }
    }
}
