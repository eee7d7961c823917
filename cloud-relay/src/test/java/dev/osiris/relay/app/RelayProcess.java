package dev.osiris.relay.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A relay in a process of its own ({@code serve} on the test's class path), as a second relay box would run. */
final class RelayProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("osiris relay listening on (\\S+)");

    private final Process process;
    private final CompletableFuture<String> baseUrl = new CompletableFuture<>();
    private final List<String> output = new ArrayList<>();

    private RelayProcess(Process process) {
        this.process = process;
        Thread reader = new Thread(this::read, "relay-process-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code serve} on a free port over {@code dataDir} (embedded PostgreSQL: started, or attached to). */
    static RelayProcess start(Path dataDir, String... extra) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                "dev.osiris.relay.app.RelayMain", "--data-dir", dataDir.toString(), "serve", "--port", "0"));
        command.addAll(List.of(extra));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("OSIRIS_MASTER_KEY");
        try {
            return new RelayProcess(builder.start());
        } catch (IOException e) {
            throw new IllegalStateException("cannot start a relay process: " + e, e);
        }
    }

    /** Where it listens, once it says so; fails if it exits first or says nothing within {@code within}. */
    String awaitListening(Duration within) {
        try {
            return baseUrl.get(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("the relay process did not start listening: " + e + "; its output: " + output(), e);
        }
    }

    private void read() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                synchronized (output) {
                    output.add(line);
                }
                Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    baseUrl.complete(m.group(1));
                }
            }
        } catch (IOException ignored) {
            // the process ended
        }
        baseUrl.completeExceptionally(new IllegalStateException("exited with " + exit()));
    }

    private String exit() {
        try {
            return process.waitFor(5, TimeUnit.SECONDS) ? String.valueOf(process.exitValue()) : "(still running)";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "?";
        }
    }

    String output() {
        synchronized (output) {
            return String.join("\n", output);
        }
    }

    /** SIGKILL: the relay gets no chance to finish anything; waits until the process is gone. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops it as its service manager would (SIGTERM: the relay closes cleanly, and stops a server it started). */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
