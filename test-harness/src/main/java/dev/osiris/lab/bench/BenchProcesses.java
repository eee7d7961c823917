package dev.osiris.lab.bench;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The processes one bench run started (relays, the anchor), stopped newest first when the run ends or when its JVM
 * is told to stop (SIGTERM, Ctrl-C: a shutdown hook), so that a bench stopped half way leaves no relay behind, nor
 * the embedded PostgreSQL that the first relay started and stops as it exits (it is added first, so it stops last).
 */
final class BenchProcesses implements AutoCloseable {

    private final Deque<BenchProcess> started = new ArrayDeque<>();
    private final Thread hook = new Thread(this::stopAll, "bench-processes-stop");

    BenchProcesses() {
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** @return {@code process}, now stopped with the others */
    synchronized BenchProcess add(BenchProcess process) {
        started.push(process);
        return process;
    }

    /** Stops what is still running, newest first; the shutdown hook is not needed after this. */
    @Override
    public void close() {
        stopAll();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook is running or has run
        }
    }

    private void stopAll() {
        for (BenchProcess p = next(); p != null; p = next()) {
            p.close();
        }
    }

    private synchronized BenchProcess next() {
        return started.poll();
    }
}
