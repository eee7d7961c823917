package dev.osiris.lab.app;

import dev.osiris.lab.bench.FoundationBench;
import dev.osiris.lab.WorkDirs;
import dev.osiris.lab.demo.Demo;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;

/** The lab's front door: {@code demo}, {@code bench}, {@code lab} and {@code chaos}, reached through {@code ./osiris}. */
@Command(name = "osiris", mixinStandardHelpOptions = true,
        subcommands = {LabMain.DemoCommand.class, LabMain.BenchCommand.class, LabCommand.class,
                dev.osiris.lab.chaos.ChaosCommand.class})
public final class LabMain {

    public static void main(String[] args) {
        System.exit(new CommandLine(new LabMain()).execute(args));
    }


    @Command(name = "demo", description = "Run a working site (embedded relay + appliance agent) and show what it does.")
    static final class DemoCommand implements Callable<Integer> {
        @Option(names = "--keep", description = "leave the site running for exploration")
        boolean keep;

        @Override
        public Integer call() throws Exception {
            if (System.getenv("OSIRIS_VERBOSE") == null) {
                // the demo speaks for itself; component logs are for OSIRIS_VERBOSE=1 runs
                java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
            }
            Path dir = WorkDirs.fresh(WorkDirs.of("demo"));
            return new Demo(dir, System.out).run(keep);
        }
    }

    @Command(name = "bench", description = "Benchmarks that print figures.", subcommands = {FoundationCommand.class, RelayCommand.class, dev.osiris.lab.bench.remote.RemoteBenchCommand.class,
            dev.osiris.lab.bench.healing.HealingBenchCommand.class, dev.osiris.lab.bench.update.UpdateBenchCommand.class,
            dev.osiris.lab.bench.rollout.RolloutBenchCommand.class, PortalBenchCommand.class})
    static final class BenchCommand {
    }

    @Command(name = "portal", description = "The portal's dashboard and site pages for a partner with 500 sites and"
            + " 1,000 appliances: p50/p99 time and SQL statements per page (issue 12).")
    static final class PortalBenchCommand implements Callable<Integer> {
        @Option(names = "--sites", defaultValue = "500", description = "sites of the partner (default ${DEFAULT-VALUE})")
        int sites;
        @Option(names = "--appliances-per-site", defaultValue = "2", description = "(default ${DEFAULT-VALUE})")
        int appliancesPerSite;
        @Option(names = "--requests", defaultValue = "300", description = "requests per page (default ${DEFAULT-VALUE})")
        int requests;

        @Override
        public Integer call() throws Exception {
            if (sites < 1 || appliancesPerSite < 1 || requests < 1) {
                throw new CommandLine.ParameterException(new CommandLine(this), "--sites, --appliances-per-site and"
                        + " --requests must be positive");
            }
            new dev.osiris.lab.bench.PortalBench(WorkDirs.of("bench-portal"), System.out, sites, appliancesPerSite,
                    requests).run();
            return 0;
        }
    }

    @Command(name = "relay", description = "The relay at fleet scale: ceiling, naive anchor, full check-ins over HTTP"
            + " and TLS at constant rates, the thundering herd, two relays (issue 13).")
    static final class RelayCommand implements Callable<Integer> {
        @Option(names = "--seconds", defaultValue = "30", description = "seconds per load step (default ${DEFAULT-VALUE})")
        int seconds;
        @Option(names = "--rates", defaultValue = "1000,2000,4000,5000,6000,8000", split = ",",
                description = "arrival rates per second (default ${DEFAULT-VALUE})")
        int[] rates;
        @Option(names = "--appliances", defaultValue = "10000", description = "provisioned appliances; at the top rate each should check in at most once a second, as a real one does once a minute (default ${DEFAULT-VALUE})")
        int appliances;
        @Option(names = "--herd", defaultValue = "100000", description = "simulated appliances in the herd (default ${DEFAULT-VALUE})")
        int herd;
        @Option(names = "--outage-seconds", defaultValue = "300", description = "how long the relay was down (default ${DEFAULT-VALUE})")
        int outageSeconds;
        @Option(names = "--herd-seconds", defaultValue = "120", description = "how long the herd runs after the restart (default ${DEFAULT-VALUE})")
        int herdSeconds;

        @Override
        public Integer call() throws Exception {
            if (seconds < 1 || appliances < 1 || herd < 1 || herdSeconds < 1 || outageSeconds < 0 || rates.length == 0) {
                throw new CommandLine.ParameterException(new CommandLine(this),
                        "--seconds, --appliances, --herd, --herd-seconds and --rates must be positive");
            }
            Arrays.sort(rates);
            new dev.osiris.lab.bench.RelayBench(WorkDirs.of("bench-relay"), System.out,
                    new dev.osiris.lab.bench.RelayBench.Settings(seconds, rates, appliances, herd,
                            java.time.Duration.ofSeconds(outageSeconds), herdSeconds)).run();
            return 0;
        }
    }

    @Command(name = "foundation", description = "Evidence store and relay check-in figures, side by side.")
    static final class FoundationCommand implements Callable<Integer> {
        @Option(names = "--records", defaultValue = "100000", description = "evidence records per append run")
        int records;
        @Option(names = "--verify-records", defaultValue = "1000000", description = "chain length to verify")
        int verifyRecords;
        @Option(names = "--appliances", defaultValue = "2000", description = "simulated appliances")
        int appliances;
        @Option(names = "--seconds", defaultValue = "10", description = "seconds per load step")
        int seconds;
        @Option(names = "--rates", defaultValue = "1000,2500,5000,7500", split = ",", description = "arrival rates per second")
        int[] rates;

        @Override
        public Integer call() throws Exception {
            Arrays.sort(rates);
            new FoundationBench(WorkDirs.of("bench"), System.out, records, verifyRecords, appliances, seconds, rates).run();
            return 0;
        }
    }

}
