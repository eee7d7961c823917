package dev.osiris.testing.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Fuzzes targets one after another, each in its own child JVM ({@link FuzzChild}) for a fixed time. One JVM per
 * target because Jazzer's JUnit integration fuzzes a single {@code @FuzzTest} per JVM and keeps global state; a
 * child also keeps a crashing or hanging target from taking the test run with it, and lets the parent kill a JVM
 * that outlives its budget.
 *
 * <p>Per target the child gets: the committed seeds and earlier findings (its inputs folder, read and, for new
 * findings, written by Jazzer), a working corpus under {@code target/fuzz/corpus/<name>} that persists between
 * runs until {@code mvn clean}, a per-input timeout (a slower input is a hang finding), and instrumentation of our
 * own classes only ({@code dev.osiris.**}): we fuzz our parsers, not the libraries under them.
 */
public final class FuzzCampaign {

    private static final Pattern STATUS = Pattern.compile(
            "#(\\d+)\\s+(?:INITED|NEW|REDUCE|pulse|DONE|RELOAD)\\s+cov: (\\d+) ft: (\\d+) corp: (\\d+)");
    private static final Set<String> FINDING_PREFIXES = Set.of("crash-", "timeout-", "oom-", "slow-unit-", "leak-");

    private final Path moduleDir;
    private final String classPath;
    private final Duration perTarget;
    private final Duration perInput;

    public FuzzCampaign(Path moduleDir, String classPath, Duration perTarget, Duration perInput) {
        this.moduleDir = moduleDir.toAbsolutePath();
        this.classPath = classPath;
        this.perTarget = perTarget;
        this.perInput = perInput;
    }

    /** For the module the test JVM runs in (surefire's working directory and test class path). */
    public static FuzzCampaign forThisModule(Duration perTarget) {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return new FuzzCampaign(Path.of(System.getProperty("basedir", ".")), classPath, perTarget, Duration.ofSeconds(10));
    }

    public Path testClasses() {
        return moduleDir.resolve("target/test-classes");
    }

    public Path log(FuzzTarget target) {
        return moduleDir.resolve("target/fuzz").resolve(target.name() + ".log");
    }

    public FuzzOutcome run(FuzzTarget target) {
        Path work = moduleDir.resolve("target/fuzz");
        Path corpus = work.resolve("corpus").resolve(target.name());
        Path log = log(target);
        Path inputs = target.inputs(moduleDir);
        long start = System.nanoTime();
        try {
            Files.createDirectories(corpus);
            Files.createDirectories(inputs);
            Set<Path> before = findings(inputs);
            Process child = new ProcessBuilder(command(target, corpus))
                    .directory(moduleDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            String problem = null;
            // the child stops itself after perTarget; the slack covers JVM start, instrumentation and the seed run
            if (!child.waitFor(perTarget.toSeconds() + 120, TimeUnit.SECONDS)) {
                child.descendants().forEach(ProcessHandle::destroyForcibly);
                child.destroyForcibly().waitFor();
                problem = "the fuzzing JVM outlived its budget by 2 minutes and was killed";
            } else if (child.exitValue() != 0) {
                problem = "exit " + child.exitValue() + ": " + firstFinding(log);
            }
            List<Path> found = new ArrayList<>(findings(inputs));
            found.removeAll(before);
            long[] stats = lastStatus(log);
            return new FuzzOutcome(target, stats[0], stats[1], stats[2], stats[3],
                    Duration.ofNanos(System.nanoTime() - start), found, problem, log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while fuzzing " + target.name(), e);
        }
    }

    private List<String> command(FuzzTarget target, Path corpus) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-XX:+UseSerialGC", "-Xmx768m", "-Xss1m",
                // a brief run spends most of its time compiling instrumented code: C1 alone halves its start-up
                perTarget.toSeconds() < 60 ? "-XX:TieredStopAtLevel=1" : "-XX:+TieredCompilation",
                "-XX:+EnableDynamicAgentLoading", "--enable-native-access=ALL-UNNAMED",
                "-DJAZZER_FUZZ=1",
                "-Djazzer.max_duration=" + perTarget.toSeconds() + "s",
                "-Djazzer.instrument=dev.osiris.**",
                "-Djazzer.internal.basedir=" + moduleDir,
                // libFuzzer's argv: the first directory is the working corpus it writes to
                "-Djazzer.internal.arg.0=fuzz",
                "-Djazzer.internal.arg.1=" + corpus,
                "-Djazzer.internal.arg.2=-timeout=" + perInput.toSeconds(),
                "-Djazzer.internal.arg.3=-print_final_stats=1",
                "-cp", classPath,
                FuzzChild.class.getName(), target.type().getName(), target.method().getName()));
        return cmd;
    }

    private static Set<Path> findings(Path inputs) throws IOException {
        try (Stream<Path> files = Files.list(inputs)) {
            return files.filter(f -> FINDING_PREFIXES.stream().anyMatch(p -> f.getFileName().toString().startsWith(p)))
                    .collect(Collectors.toSet());
        }
    }

    /** executions, coverage, features, corpus from the last libFuzzer status line (zeros if none). */
    private static long[] lastStatus(Path log) throws IOException {
        long[] stats = new long[4];
        for (String line : Files.readAllLines(log, java.nio.charset.StandardCharsets.ISO_8859_1)) {
            Matcher m = STATUS.matcher(line);
            if (m.find()) {
                for (int i = 0; i < 4; i++) {
                    stats[i] = Long.parseLong(m.group(i + 1));
                }
            }
        }
        return stats;
    }

    /** What went wrong, in one line: the finding's exception and message, libFuzzer's error, or the last lines. */
    private static String firstFinding(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log, java.nio.charset.StandardCharsets.ISO_8859_1);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int at = line.indexOf("FuzzTestFindingException: ");
            if (at >= 0) {
                String cause = line.substring(at + "FuzzTestFindingException: ".length()).strip();
                return i + 1 < lines.size() ? cause + " " + lines.get(i + 1).strip() : cause;
            }
            if (line.contains("ERROR: libFuzzer:")) {
                return line.strip();
            }
        }
        return String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
    }
}
