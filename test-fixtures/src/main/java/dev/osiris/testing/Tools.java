package dev.osiris.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Real command-line peers (grub-editenv, mtools, rauc, qemu) run from a test's own thread with a deadline: output to
 * files, never a pipe that could fill and stall the tool, and a clear {@link AssertionError} when the tool fails or
 * overruns.
 */
public final class Tools {

    private Tools() {
    }

    /** What a finished command printed. */
    public record Output(int exitCode, String stdout, String stderr) {
    }

    /** The tool's path on {@code PATH} (or the sbin directories, where Debian puts sfdisk and mkfs.vfat). */
    public static Optional<Path> find(String tool) {
        String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/sbin" + File.pathSeparator
                + "/sbin";
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, tool);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Runs {@code command}; its exit code must be 0. */
    public static String run(Duration within, String... command) {
        return run(within, Map.of(), command);
    }

    /** Runs {@code command} with {@code env} added to this process's environment; its exit code must be 0. */
    public static String run(Duration within, Map<String, String> env, String... command) {
        Output out = exec(within, env, List.of(command));
        if (out.exitCode() != 0) {
            throw new AssertionError(String.join(" ", command) + " exited " + out.exitCode() + ": " + out.stderr().strip()
                    + " " + out.stdout().strip());
        }
        return out.stdout();
    }

    /** Runs {@code command} with {@code env} added to this process's environment, whatever its exit code. */
    public static Output exec(Duration within, Map<String, String> env, List<String> command) {
        try {
            Path stdout = Files.createTempFile("tool-", ".out");
            Path stderr = Files.createTempFile("tool-", ".err");
            try {
                ProcessBuilder builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
                builder.environment().putAll(env);
                Process process = builder.start();
                if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor();
                    throw new AssertionError(String.join(" ", command) + " did not finish within " + within.toSeconds()
                            + " s");
                }
                return new Output(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                        Files.readString(stderr, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(stdout);
                Files.deleteIfExists(stderr);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + String.join(" ", command), e);
        }
    }
}
