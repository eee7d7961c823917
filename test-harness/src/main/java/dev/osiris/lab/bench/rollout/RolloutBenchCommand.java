package dev.osiris.lab.bench.rollout;

import dev.osiris.lab.WorkDirs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code osiris bench rollout}: see {@link RolloutBench}. */
@Command(name = "rollout", description = "A staged rollout to a simulated fleet with failures in group 3 (issue 16).")
public final class RolloutBenchCommand implements Callable<Integer> {

    @Option(names = "--appliances", defaultValue = "10000", description = "simulated appliances (default ${DEFAULT-VALUE})")
    int appliances;
    @Option(names = "--interval-ms", defaultValue = "30000",
            description = "check-in interval, the field's 60 s compressed (default ${DEFAULT-VALUE}: 333 check-ins/s"
                    + " for 10,000 appliances, what two shared cores carry; 1000 asks 10,000/s)")
    long intervalMs;
    @Option(names = "--baseline-seconds", defaultValue = "20", description = "measured seconds without a rollout")
    int baselineSeconds;
    @Option(names = "--max-seconds", defaultValue = "600", description = "give up on the rollout after this long")
    int maxSeconds;
    @Option(names = "--fail-percent", defaultValue = "2", description = "failures injected in group 3, percent")
    int failPercent;
    @Option(names = "--error-threshold", defaultValue = "1", description = "every group's error threshold, percent")
    int errorPercent;

    @Override
    public Integer call() throws Exception {
        if (appliances < 10 || intervalMs < 100 || baselineSeconds < 1 || maxSeconds < 1 || failPercent < 1
                || failPercent > 100 || errorPercent < 1 || errorPercent > 100) {
            throw new IllegalArgumentException("--appliances >= 10, --interval-ms >= 100, --baseline-seconds and"
                    + " --max-seconds positive, --fail-percent and --error-threshold 1..100");
        }
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        new RolloutBench(WorkDirs.of("bench-rollout"), System.out, new RolloutBench.Settings(appliances,
                Duration.ofMillis(intervalMs), baselineSeconds, maxSeconds, failPercent, errorPercent)).run();
        return 0;
    }
}
