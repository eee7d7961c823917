package dev.osiris.lab.bench;

import dev.osiris.lab.WorkDirs;
import dev.osiris.lab.proc.JavaProcess;
import io.vertx.core.Vertx;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./osiris bench foundation}: the evidence store (in the agent's own JVM, through its CLI) and the relay's
 * check-in rate (relay in its own JVM, this one generating load), measured side by side in one run; the figures
 * are printed and written to a results file.
 */
public final class FoundationBench {

    private final Path workDir;
    private final PrintStream out;
    private final int evidenceRecords;
    private final int verifyRecords;
    private final int appliances;
    private final int seconds;
    private final int[] rates;

    public FoundationBench(Path workDir, PrintStream out, int evidenceRecords, int verifyRecords, int appliances,
                           int seconds, int[] rates) {
        this.workDir = workDir;
        this.out = out;
        this.evidenceRecords = evidenceRecords;
        this.verifyRecords = verifyRecords;
        this.appliances = appliances;
        this.seconds = seconds;
        this.rates = rates;
    }

    public Path run() throws Exception {
        WorkDirs.fresh(workDir);
        List<String> lines = new ArrayList<>();
        lines.add("osiris bench foundation, " + Instant.now() + ", " + Runtime.getRuntime().availableProcessors()
                + " cores, java " + Runtime.version());
        out.println(lines.getFirst());
        lines.add("== evidence store (agent JVM, SQLite WAL, BouncyCastle Ed25519) ==");
        out.println(lines.getLast());
        lines.addAll(evidence());
        lines.add("== relay check-ins (relay JVM on embedded PostgreSQL; load generator: one Vert.x event loop"
                + " in this JVM, open loop, latency from each request's due time) ==");
        out.println(lines.getLast());
        Vertx vertx = Vertx.vertx();
        try {
            lines.addAll(new RelayLoadBench(vertx, workDir.resolve("relay"), out, appliances, seconds, rates).run());
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        Path results = workDir.resolveSibling("foundation-results.txt");
        Files.write(results, lines);
        out.println("results written to " + results);
        return results;
    }

    private List<String> evidence() throws IOException, InterruptedException {
        Process agent = JavaProcess.start(List.of("-XX:+UseSerialGC", "-Xmx512m"), "dev.osiris.agent.app.AgentMain",
                List.of("bench", "evidence", "--dir", workDir.resolve("evidence").toString(),
                        "--records", String.valueOf(evidenceRecords), "--verify-records", String.valueOf(verifyRecords)));
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(agent.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                out.println("  " + line);
                lines.add("  " + line);
            }
        }
        if (!agent.waitFor(30, TimeUnit.MINUTES) || agent.exitValue() != 0) {
            throw new IllegalStateException("the evidence benchmark failed (exit " + agent.exitValue() + ")");
        }
        return lines;
    }

}
