package dev.osiris.lab.bench.healing;

import dev.osiris.lab.WorkDirs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Arrays;
import java.util.concurrent.Callable;

/** {@code osiris bench healing}: see {@link HealingBench}. */
@Command(name = "healing", description = "Full scans of N emulated Windows hosts with every runbook, and drift to verified heal.")
public final class HealingBenchCommand implements Callable<Integer> {

    @Option(names = "--hosts", defaultValue = "10,50,200", split = ",", description = "fleet sizes N, each fully scanned")
    int[] hosts;
    @Option(names = "--heal-samples", defaultValue = "20", description = "hosts of the largest fleet attacked and healed (M)")
    int samples;
    @Option(names = "--attack", defaultValue = "RB-WIN-FIREWALL-001.all-profiles-off",
            description = "chaos attack injected (chaos-lab/attacks/windows/<name>.yaml) on an auto-healable runbook")
    String attack;

    @Override
    public Integer call() throws Exception {
        if (samples < 1 || hosts.length == 0 || Arrays.stream(hosts).anyMatch(n -> n < 1 || n > FleetServerMain.MAX_HOSTS)) {
            throw new IllegalArgumentException("--hosts must be 1.." + FleetServerMain.MAX_HOSTS + " and --heal-samples positive");
        }
        if (System.getenv("OSIRIS_VERBOSE") == null) {
            // the figures speak; library logs (CXF, winrm4j) are for OSIRIS_VERBOSE=1 runs
            java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        }
        new HealingBench(WorkDirs.of("healing"), System.out, hosts, samples, attack).run();
        return 0;
    }
}
