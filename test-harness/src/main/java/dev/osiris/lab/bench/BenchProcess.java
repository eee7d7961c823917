package dev.osiris.lab.bench;

import dev.osiris.lab.proc.JavaProcess;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A relay or anchor process a bench starts: ready once it prints its ready line; its other output is dropped. */
final class BenchProcess implements AutoCloseable {

    private final Process process;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final StringBuilder tail = new StringBuilder();

    private BenchProcess(Process process, String readyLine) {
        this.process = process;
        Thread reader = new Thread(() -> read(readyLine), "bench-process-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    static BenchProcess start(List<String> jvm, String mainClass, List<String> args, String readyLine,
                              Duration within) throws IOException {
        ProcessBuilder builder = JavaProcess.builder(jvm, mainClass, args).redirectErrorStream(true);
        // as ./osiris runs the relay: glibc's per-thread malloc arenas (64 MiB each) capped
        builder.environment().put("MALLOC_ARENA_MAX", "2");
        BenchProcess p = new BenchProcess(builder.start(), readyLine);
        try {
            p.ready.get(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            p.close();
            throw new IllegalStateException(mainClass + " did not get ready: " + e.getMessage() + "; its output: "
                    + p.tail(), e);
        }
        return p;
    }

    long pid() {
        return process.pid();
    }

    private void read(String readyLine) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!ready.isDone()) {
                    synchronized (tail) {
                        tail.append(line).append('\n');
                    }
                    if (line.contains(readyLine)) {
                        ready.complete(null);
                    }
                }
            }
        } catch (IOException ignored) {
            // the process ended
        }
        ready.completeExceptionally(new IllegalStateException("the process exited"));
    }

    private String tail() {
        synchronized (tail) {
            return tail.length() > 4000 ? tail.substring(tail.length() - 4000) : tail.toString();
        }
    }

    /** SIGTERM, as a service manager stops it; forcibly after 60 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
