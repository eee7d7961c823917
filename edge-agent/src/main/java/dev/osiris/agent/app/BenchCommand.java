package dev.osiris.agent.app;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** Benchmarks. */
@Command(name = "bench", description = "Benchmarks.", subcommands = BenchCommand.Evidence.class)
final class BenchCommand {

    @Command(name = "evidence", description = "Durable evidence append rate and latency, and chain verification rate.")
    static final class Evidence implements Callable<Integer> {
        @Option(names = "--records", defaultValue = "50000", description = "records per group-commit run (default ${DEFAULT-VALUE})")
        int records;

        @Option(names = "--single-records", defaultValue = "2000", description = "records per one-commit-per-record run (default ${DEFAULT-VALUE})")
        int singleRecords;

        @Option(names = "--in-flight", defaultValue = "64", description = "concurrent appenders for group commit (default ${DEFAULT-VALUE})")
        int inFlight;

        @Option(names = "--verify-records", defaultValue = "1000000", description = "chain length for verification (default ${DEFAULT-VALUE})")
        int verifyRecords;

        @Option(names = "--dir", description = "scratch directory (default: a new temporary directory)")
        Path dir;

        @Option(names = "--out", description = "also write the figures to this file")
        Path out;

        @Override
        public Integer call() throws Exception {
            Path scratch = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("osiris-bench");
            EvidenceBench bench = new EvidenceBench(scratch, System.out);
            String report = bench.run(records, singleRecords, inFlight, verifyRecords);
            if (out != null) {
                Files.writeString(out, report);
            }
            return 0;
        }
    }
}
