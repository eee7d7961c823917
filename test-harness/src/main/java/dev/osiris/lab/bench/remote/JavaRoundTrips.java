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

    /**
     * New-per-call and reused samples of one transport; anomaly: a non-zero exit seen, or null; failures: calls
     * that failed (not timed), with the first one's words, so a flaky path is counted rather than hidden or fatal.
     */
    record Result(Latencies fresh, Latencies reused, String anomaly, int failures, String firstFailure) {
    }

    private final Script script;
    private final int warmup;
    private final int n;
    private String anomaly;
    private int failures;
    private String firstFailure;

    JavaRoundTrips(Script script, int warmup, int n) {
        this.script = script;
        this.warmup = warmup;
        this.n = n;
    }

    Result measure(Supplier<Future<RemoteShell>> open) {
        anomaly = null;
        failures = 0;
        firstFailure = null;
        Latencies fresh = Latencies.empty();
        for (int i = 0; i < warmup + n; i++) {
            long start = System.nanoTime();
            try {
                RemoteShell shell = open.get().await();
                try {
                    check(shell.run(script).await());
                } finally {
                    shell.close().await();
                }
            } catch (RuntimeException e) {
                failed(e);
                continue;
            }
            if (i >= warmup) {
                fresh.recordNanos(System.nanoTime() - start);
            }
        }
        Latencies reused = Latencies.empty();
        RemoteShell shell = null;
        try {
            for (int i = 0; i < warmup + n; i++) {
                long start = System.nanoTime();
                try {
                    if (shell == null) {
                        shell = open.get().await();
                        start = System.nanoTime();
                    }
                    check(shell.run(script).await());
                } catch (RuntimeException e) {
                    failed(e);
                    closeQuietly(shell);
                    shell = null; // the next call opens a fresh shell
                    continue;
                }
                if (i >= warmup) {
                    reused.recordNanos(System.nanoTime() - start);
                }
            }
        } finally {
            closeQuietly(shell);
        }
        return new Result(fresh, reused, anomaly, failures, firstFailure);
    }

    private void failed(RuntimeException e) {
        failures++;
        if (firstFailure == null) {
            String words = e.getMessage() == null ? e.toString() : e.getMessage();
            firstFailure = words.length() > 300 ? words.substring(0, 300) + "..." : words;
        }
    }

    private static void closeQuietly(RemoteShell shell) {
        if (shell != null) {
            try {
                shell.close().await();
            } catch (RuntimeException ignored) {
                // the shell is being abandoned after a failure; its close is best effort
            }
        }
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
