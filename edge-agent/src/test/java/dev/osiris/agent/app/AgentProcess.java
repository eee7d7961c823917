package dev.osiris.agent.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The agent's command line in a second JVM (this test run's classpath), started under {@code umask 022} so that
 * file modes do not depend on the umask the tests happen to run with.
 */
final class AgentProcess {

    /** A finished command: exit code and what it printed. */
    record Result(int exit, String out, String err) {
    }

    private final Process process;
    private final Path out;
    private final Path err;

    private AgentProcess(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    /** Starts {@code osiris-agent args...}; its output goes to files in {@code scratch}. */
    static AgentProcess start(Path scratch, String... args) throws IOException {
        List<String> java = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), AgentMain.class.getName()));
        java.addAll(List.of(args));
        StringBuilder line = new StringBuilder("umask 022 && exec");
        java.forEach(a -> line.append(" '").append(a.replace("'", "'\\''")).append('\''));
        Path out = Files.createTempFile(scratch, "agent-", ".out");
        Path err = Files.createTempFile(scratch, "agent-", ".err");
        Process p = new ProcessBuilder("sh", "-c", line.toString())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        return new AgentProcess(p, out, err);
    }

    /** Runs {@code osiris-agent args...} to its end (at most a minute). */
    static Result run(Path scratch, String... args) throws Exception {
        return start(scratch, args).waitFor();
    }

    /** Waits for the process to end by itself (at most a minute). */
    Result waitFor() throws Exception {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("osiris-agent did not finish within 60 s: " + Files.readString(err));
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    /** Sends SIGTERM (the agent then closes cleanly) and waits for the end. */
    Result stop() throws Exception {
        process.destroy();
        return waitFor();
    }

    /** The output so far. */
    String out() throws IOException {
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    /** The agent's pid: {@code sh} execs the JVM, so it is the shell's. */
    long pid() {
        return process.pid();
    }
}
