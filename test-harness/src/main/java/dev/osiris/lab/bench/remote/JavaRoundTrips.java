package dev.osiris.lab.bench.remote;

import dev.osiris.agent.remote.RemoteShell;
import dev.osiris.agent.remote.Script;
import dev.osiris.agent.remote.ScriptResult;
import io.vertx.core.Future;

import java.util.function.Supplier;

/**
 * The agent's own path, timed from the caller: {@code RemoteShells} opens, the shell's worker pool runs, completion
 * comes back on a Vert.x context. "New" is open + run + close per call (a new TCP connection, authentication and
 * remote shell each time); "reused" is many runs in one open shell. Every run must print exactly "1"; a non-zero exit code is
 * recorded as the result's anomaly rather than failing, so that a host quirk is reported, not hidden.
 */
final class JavaRoundTrips {

    /** New-per-call and reused samples of one transport; anomaly: a non-zero exit seen, or null. */
    record Result(Latencies fresh, Latencies reused, String anomaly) {
    }

    private final Script script;
    private final int warmup;
    private final int n;
    private String anomaly;

    JavaRoundTrips(Script script, int warmup, int n) {
        this.script = script;
        this.warmup = warmup;
        this.n = n;
    }

    Result measure(Supplier<Future<RemoteShell>> open) {
        anomaly = null;
        Latencies fresh = Latencies.empty();
        for (int i = 0; i < warmup + n; i++) {
            long start = System.nanoTime();
            RemoteShell shell = open.get().await();
            try {
                check(shell.run(script).await());
            } finally {
                shell.close().await();
            }
            if (i >= warmup) {
                fresh.recordNanos(System.nanoTime() - start);
            }
        }
        Latencies reused = Latencies.empty();
        RemoteShell shell = open.get().await();
        try {
            for (int i = 0; i < warmup + n; i++) {
                long start = System.nanoTime();
                check(shell.run(script).await());
                if (i >= warmup) {
                    reused.recordNanos(System.nanoTime() - start);
                }
            }
        } finally {
            shell.close().await();
        }
        return new Result(fresh, reused, anomaly);
    }

    private void check(ScriptResult result) {
        if (!result.stdout().strip().equals("1")) {
            throw new IllegalStateException(script.name() + " printed \"" + result.stdout() + "\", expected 1");
        }
        if (result.exitCode() != 0 && anomaly == null) {
            anomaly = "exit " + result.exitCode() + ", stderr: " + result.stderr().lines().findFirst().orElse("");
        }
    }
}
