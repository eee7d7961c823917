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

/** The lab's front door: {@code demo} and {@code bench}, reached through {@code ./osiris}. */
@Command(name = "osiris", mixinStandardHelpOptions = true,
        subcommands = {LabMain.DemoCommand.class, LabMain.BenchCommand.class, LabCommand.class})
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

    @Command(name = "bench", description = "Benchmarks that print figures.", subcommands = {FoundationCommand.class, dev.osiris.lab.bench.remote.RemoteBenchCommand.class,
            dev.osiris.lab.bench.healing.HealingBenchCommand.class})
    static final class BenchCommand {
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
