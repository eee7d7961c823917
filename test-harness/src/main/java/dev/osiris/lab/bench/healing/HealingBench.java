package dev.osiris.lab.bench.healing;

import dev.osiris.agent.config.DriftConfig;
import dev.osiris.agent.runbook.DetectBatch;
import dev.osiris.agent.drift.DriftPolicy;
import dev.osiris.agent.runbook.PlatformScripts;
import dev.osiris.agent.drift.ScanBudget;
import dev.osiris.agent.remote.RemoteConfig;
import dev.osiris.lab.WorkDirs;
import dev.osiris.lab.linux.LinuxLab;
import dev.osiris.lab.runbooks.Attack;
import dev.osiris.lab.runbooks.Attacks;
import dev.osiris.lab.windows.model.WindowsHost;
import dev.osiris.protocol.checkin.HealingMode;
import dev.osiris.protocol.checkin.Secret;
import dev.osiris.protocol.checkin.Target;
import dev.osiris.protocol.checkin.Transport;
import dev.osiris.protocol.runbook.Baseline;
import dev.osiris.protocol.runbook.HealPolicy;
import dev.osiris.protocol.runbook.Platform;
import dev.osiris.protocol.runbook.Runbook;
import dev.osiris.protocol.runbook.RunbookCatalog;
import dev.osiris.protocol.runbook.Verdict;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code ./osiris bench healing}: for each fleet size N, N emulated Windows hosts (a separate JVM) fully scanned by
 * the agent's drift scheduler with every Windows runbook of the catalog in full-coverage mode; then, on sample hosts
 * of the largest fleet, a chaos attack and the scan that heals it; then the heal rate over every Windows attack and
 * every Linux attack of {@code chaos-lab/attacks} ({@link AttackHealRate}). Prints and writes {@code healing-results.txt}.
 */
public final class HealingBench {

    static final Duration AIM_FULL_SCAN = Duration.ofSeconds(60);
    static final int AIM_FULL_SCAN_HOSTS = 200;
    static final Duration AIM_DRIFT_TO_HEAL = Duration.ofSeconds(5);

    private final Path dir;
    private final PrintStream out;
    private final int[] levels;
    private final int samples;
    private final String attackName;
    private final List<String> lines = new ArrayList<>();

    /**
     * @param attackName the chaos attack injected ({@code chaos-lab/attacks/windows/<name>.yaml}); its runbook must
     *                   be auto-healable
     */
    public HealingBench(Path dir, PrintStream out, int[] levels, int samples, String attackName) {
        this.dir = dir;
        this.out = out;
        this.levels = levels.clone();
        Arrays.sort(this.levels);
        this.samples = samples;
        this.attackName = attackName;
    }

    /** Runs everything; returns the results file. */
    public Path run() throws Exception {
        WorkDirs.fresh(dir);
        Path results = dir.resolveSibling("healing-results.txt");
        RunbookCatalog catalog = RunbookCatalog.builtIn();
        List<Runbook> runbooks = catalog.forPlatform(Platform.WINDOWS);
        Attack attack = attack(catalog);
        Baseline baseline = dev.osiris.lab.hosts.LabBaseline.baseline();
        DriftPolicy policy = new DriftPolicy(runbooks.stream().map(Runbook::id).collect(Collectors.toSet()),
                Duration.ofDays(1), HealingMode.FULL_COVERAGE, false, baseline);
        DriftConfig config = DriftConfig.DEFAULTS.withFirstScanDelay(Duration.ofDays(1));
        RemoteConfig remote = RemoteConfig.DEFAULTS;
        try {
            print("osiris bench healing, " + Instant.now() + ", " + Runtime.getRuntime().availableProcessors()
                    + " cores (shared by every process below), java " + Runtime.version() + ", load average "
                    + loadAverage() + " at start");
            print("agent: this JVM: the agent's DriftScheduler -> DriftEngine -> Healer with its defaults (scanConcurrency "
                    + config.scanConcurrency() + ", in flight " + ScanBudget.MEASURED.inFlight(config.scanConcurrency(),
                    Runtime.getRuntime().maxMemory(), remote.maxOutputBytes()) + " by the heap's scan budget, winrmWorkers "
                    + remote.winrmWorkers() + ", maxAttempts "
                    + config.maxAttempts() + "), SQLite evidence chain + healing store, mode full-coverage; hosts: a separate JVM ("
                    + FleetJvm.JVM_OPTIONS + "), one WinRmEmulator per host on its own loopback address, presets "
                    + FleetServerMain.PRESETS.stream().map(r -> r.name().toLowerCase().replace('_', '-')).collect(Collectors.joining("/"))
                    + " cycled, NTLM over HTTP (sealed), domain account");
            print("agent JVM flags: " + AgentMemory.flags());
            print("catalog: " + runbooks.size() + " Windows runbooks, all enabled (" + countHeal(runbooks, HealPolicy.AUTO)
                    + " auto, " + countHeal(runbooks, HealPolicy.ESCALATE) + " escalate, "
                    + countHeal(runbooks, HealPolicy.DETECT_ONLY) + " detect-only); " + batchFacts(catalog, runbooks, baseline));
            print("== full scan: scanAllNow() of N hosts, every Windows runbook (detect = open shell + one batched detect) ==");
            FullScan largest = null;
            List<DriftHeal.Sample> heals = List.of();
            for (int n : levels) {
                try (AgentMemory memory = AgentMemory.watch(); FleetJvm fleet = FleetJvm.start(n); BenchAgent agent = BenchAgent.open(
                        Files.createDirectories(dir.resolve("n" + n)), config, remote, policy)) {
                    List<Target> targets = targets(fleet);
                    agent.targets(targets);
                    if (n == levels[0]) {
                        // the agent JVM's first scan pays for class loading, JIT and winrm4j/CXF start-up: shown, not counted
                        FullScan cold = FullScan.run(agent, fleet, targets, runbooks.size());
                        print(String.format("  warm-up: a first, untimed scan of the N=%d fleet took %.2f s (cold JVM)", n,
                                cold.wall().toNanos() / 1e9));
                    }
                    FullScan scan = FullScan.run(agent, fleet, targets, runbooks.size());
                    printScan(scan);
                    largest = scan;
                    if (n == levels[levels.length - 1]) {
                        List<Target> picked = DriftHeal.spread(targets, samples);
                        print("== drift -> verified heal: attack " + attack.name() + " over WinRM on " + picked.size()
                                + " of " + n + " hosts (spread over the presets), then scanNow(host), one host at a time ==");
                        heals = DriftHeal.run(agent, fleet, picked, attack);
                        printHeals(heals, attack.runbook());
                    }
                    print("  " + memory.line("after N=" + n));
                    print(String.format("  hosts JVM after N=%d: RSS %d MiB", n, fleet.rssBytes() >> 20));
                    List<String> warnings = fleet.warnings();
                    if (!warnings.isEmpty()) {
                        print("  hosts JVM logged " + warnings.size() + " warning(s); first: " + warnings.getFirst());
                    }
                }
            }
            printAims(largest, heals, attack.runbook());
            print("== heal rate over every Windows attack in chaos-lab/attacks (a fresh emulated host each, this JVM, "
                    + "full-coverage mode) ==");
            io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
            try {
                AttackHealRate.report("Windows", new WindowsAttackHealRate(vertx, catalog).run(Attacks.load().all()))
                        .forEach(this::print);
                printLinuxHealRate(vertx, catalog);
            } finally {
                vertx.close().await();
            }
            printMemory();
        } finally {
            // whatever was measured, also when a later part failed
            Files.write(results, lines);
            out.println("results written to " + results);
        }
        return results;
    }

    private Attack attack(RunbookCatalog catalog) {
        Attack attack = Attacks.load().all().stream().filter(a -> a.name().equals(attackName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no attack " + attackName + " in " + Attacks.directory()));
        Runbook target = catalog.find(attack.runbook()).orElseThrow(
                () -> new IllegalArgumentException(attackName + " targets " + attack.runbook() + ", not in the catalog"));
        if (!target.autoHealable() || target.platform() != Platform.WINDOWS) {
            throw new IllegalArgumentException(attackName + " targets " + target.id() + ", which is not an auto-healable Windows runbook");
        }
        return attack;
    }

    private static List<Target> targets(FleetJvm fleet) {
        return fleet.hosts().stream().map(h -> new Target(FleetServerMain.name(h.index()).toLowerCase(), h.address(),
                Transport.WINRM, h.port(), false, "ntlm",
                WindowsHost.DOMAIN_ACCOUNT.domain() + "\\" + WindowsHost.DOMAIN_ACCOUNT.user(),
                new Secret(WindowsHost.DOMAIN_ACCOUNT.password()), null)).toList();
    }

    private static long countHeal(List<Runbook> runbooks, HealPolicy heal) {
        return runbooks.stream().filter(r -> r.heal() == heal).count();
    }

    private static String batchFacts(RunbookCatalog catalog, List<Runbook> runbooks, Baseline baseline) {
        Target any = new Target("any", "127.0.0.1", Transport.WINRM, 5985, false, "ntlm", "x", new Secret("x"), null);
        String script = PlatformScripts.wrap(catalog, any, DetectBatch.compose(Platform.WINDOWS, runbooks, baseline), java.time.Duration.ofMinutes(10));
        int commands = ShellCommands.forWindowsScript(script);
        return "batched detect script " + script.getBytes(StandardCharsets.UTF_8).length + " bytes (wrapped), "
                + (commands < 0 ? "shell commands per scan unknown" : commands + " shell command(s) per host scan ("
                + (commands - 1) + " upload chunk(s) + 1 run; cmd.exe's 8191-character line limit)");
    }

    private void printScan(FullScan s) {
        print(String.format("  N=%-4d wall %7.2f s  %6.2f hosts/s  scanned %d/%d  detect per host %s  WS-Man requests per host %d"
                        + " (min %d, max %d)  CPU agent %.1f s, hosts %.1f s",
                s.hosts(), s.wall().toNanos() / 1e9, s.hostsPerSecond(), s.scanned(), s.hosts(), s.detect().summary(),
                s.medianRequests(), s.minRequests(), s.maxRequests(), s.agentCpu().toMillis() / 1000.0,
                s.fleetCpu().toMillis() / 1000.0));
        print(String.format("         verdicts: %d compliant, %d not applicable, %d drifted, %d error; heals during the scan: %d healed, %d other",
                s.count(Verdict.Status.COMPLIANT), s.count(Verdict.Status.NOT_APPLICABLE), s.count(Verdict.Status.DRIFTED),
                s.count(Verdict.Status.ERROR), s.healed(), s.otherHealOutcomes()));
        String problem = s.firstProblem();
        if (problem != null) {
            print("         first problem: " + problem);
        }
    }

    private void printHeals(List<DriftHeal.Sample> heals, String runbookId) {
        long healed = heals.stream().filter(h -> h.healed(runbookId)).count();
        print("  healed " + healed + "/" + heals.size() + " (HEALED: remediated, verified by re-detect, evidenced)");
        print("  detect (open shell + batched detect)                 " + DriftHeal.detect(heals, runbookId).summary());
        print("  heal (record + remediate + verify + evidence)        " + DriftHeal.heal(heals, runbookId).summary());
        print("  drift -> verified heal (scan start -> HEALED result) " + DriftHeal.driftToHeal(heals, runbookId).summary());
        long[] requests = heals.stream().filter(h -> h.healed(runbookId)).mapToLong(DriftHeal.Sample::requests).sorted().toArray();
        if (requests.length > 0) {
            print("  WS-Man requests per drift scan (detect + heal): median " + requests[(requests.length - 1) / 2]);
        }
        heals.stream().filter(h -> !h.healed(runbookId)).limit(3)
                .forEach(h -> print("  not healed on " + h.target().host() + ": " + h.outcome(runbookId)));
    }

    private void printAims(FullScan largest, List<DriftHeal.Sample> heals, String runbookId) {
        print("== aims (issue 4) ==");
        if (largest == null || largest.hosts() < AIM_FULL_SCAN_HOSTS) {
            print("  " + AIM_FULL_SCAN_HOSTS + " hosts fully scanned in < " + AIM_FULL_SCAN.toSeconds() + " s: not measured (largest N "
                    + (largest == null ? 0 : largest.hosts()) + ")");
        } else {
            boolean met = largest.wall().compareTo(AIM_FULL_SCAN) < 0 && largest.scanned() == largest.hosts();
            print(String.format("  %d hosts fully scanned in < %d s: %.2f s for %d hosts, scanned %d/%d: %s", AIM_FULL_SCAN_HOSTS,
                    AIM_FULL_SCAN.toSeconds(), largest.wall().toNanos() / 1e9, largest.hosts(), largest.scanned(),
                    largest.hosts(), met ? "met" : "not met"));
        }
        Spread toHeal = DriftHeal.driftToHeal(heals, runbookId);
        long healed = heals.stream().filter(h -> h.healed(runbookId)).count();
        boolean met = healed == heals.size() && healed > 0 && toHeal.p95Micros() < AIM_DRIFT_TO_HEAL.toNanos() / 1000;
        print(String.format("  drift -> verified heal < %d s once the scan sees it: p95 %.2f s (median %.2f s, scan start -> HEALED),"
                        + " healed %d/%d: %s", AIM_DRIFT_TO_HEAL.toSeconds(), toHeal.p95Ms() / 1000, toHeal.medianMs() / 1000,
                healed, heals.size(), met ? "met" : "not met"));
    }

    private void printLinuxHealRate(io.vertx.core.Vertx vertx, RunbookCatalog catalog) throws Exception {
        print("== heal rate over every Linux attack in chaos-lab/attacks (a fresh hardened lab host each, over SSH, "
                + "full-coverage mode) ==");
        LinuxLab lab = new LinuxLab(vertx, dir.resolve("linux-lab"));
        try {
            LinuxLab.Availability availability = lab.availability();
            if (!availability.available()) {
                print("  not measured: Linux lab unavailable: " + availability.reason());
                return;
            }
            AttackHealRate.report("Linux", new LinuxAttackHealRate(vertx, catalog, lab, dir.resolve("linux-key"))
                    .run(Attacks.load().all())).forEach(this::print);
        } finally {
            lab.close();
        }
    }

    private void printMemory() {
        System.gc();
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        long rss = FleetJvm.Rss.of(Path.of("/proc/self/status"));
        print(String.format("agent JVM after the run: heap used %d MB (committed %d MB, max %d MB), RSS %d MB, CPU %.1f s",
                heap.getUsed() >> 20, heap.getCommitted() >> 20, heap.getMax() >> 20, rss >> 20,
                agentCpu().toMillis() / 1000.0));
        Map<String, Long> nmt = AgentMemory.nativeMemory();
        print(nmt.isEmpty() ? "agent JVM native memory: not tracked (run with -XX:NativeMemoryTracking=summary for a breakdown)"
                : "agent JVM native memory committed (MiB, NMT): " + nmt.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")));
    }

    /** The 1-minute load average: this machine is shared, and the figures mean more beside it. */
    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (Exception e) {
            return "unknown";
        }
    }

    static Duration agentCpu() {
        return ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO);
    }

    private void print(String line) {
        lines.add(line);
        out.println(line);
    }
}
