package dev.osiris.relay.db;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs one PostgreSQL tool to completion with a deadline; output goes to a log file, never to a pipe. */
final class PgProcess {

    private PgProcess() {
    }

    static void run(List<String> command, Map<String, String> env, Path log, Duration timeout) throws IOException {
        OwnerOnly.file(log); // the server's own output lands here too, and may name tables and values
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        builder.environment().putAll(env);
        String tool = command.stream().filter(c -> c.contains("/bin/")).findFirst().orElse(command.getFirst());
        Process process = builder.start();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IOException(tool + " did not finish within " + timeout.toSeconds() + " s; see " + log);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + tool, e);
        }
        if (process.exitValue() != 0) {
            throw new IOException(tool + " failed with exit code " + process.exitValue() + ": " + tail(log));
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "see " + log;
        }
    }
}
