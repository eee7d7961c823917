package dev.osiris.lab.bench.remote;

import dev.osiris.lab.WorkDirs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Arrays;
import java.util.concurrent.Callable;

/** {@code osiris bench remote}: see {@link RemoteBench}. */
@Command(name = "remote", description = "WinRM/SSH round trips (new vs reused session, Java vs pywinrm) and concurrent host sessions.")
public final class RemoteBenchCommand implements Callable<Integer> {

    @Option(names = "--iterations", defaultValue = "200", description = "timed calls per round-trip mode (N)")
    int iterations;
    @Option(names = "--warmup", defaultValue = "20", description = "untimed calls before each round-trip mode")
    int warmup;
    @Option(names = "--hosts", defaultValue = "10,50,200", split = ",", description = "concurrent host sessions (K levels)")
    int[] hosts;
    @Option(names = "--seconds", defaultValue = "10", description = "seconds of load per K level")
    int seconds;
    @Option(names = "--soak-shells", defaultValue = "16", description = "concurrent shells of the NTLM/HTTP soak")
    int soakShells;
    @Option(names = "--soak-commands", defaultValue = "10000", description = "commands of the NTLM/HTTP soak, per client")
    int soakCommands;
    @Option(names = "--python", defaultValue = "/usr/bin/python3", description = "python with python3-winrm (Debian's)")
    String python;

    @Override
    public Integer call() throws Exception {
        if (iterations < 1 || warmup < 0 || seconds < 1 || soakShells < 1 || soakCommands < 1
                || Arrays.stream(hosts).anyMatch(k -> k < 1)) {
            throw new IllegalArgumentException("--iterations, --seconds, --hosts and --soak-* must be positive, --warmup not negative");
        }
        if (System.getenv("OSIRIS_VERBOSE") == null) {
            // the figures speak; library logs (CXF, winrm4j) are for OSIRIS_VERBOSE=1 runs
            java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        }
        new RemoteBench(WorkDirs.of("bench").resolve("remote"), System.out, iterations, warmup, hosts, seconds, python,
                soakShells, soakCommands).run();
        return 0;
    }
}
