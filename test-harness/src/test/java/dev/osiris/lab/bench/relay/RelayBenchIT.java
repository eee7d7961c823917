package dev.osiris.lab.bench.relay;

import dev.osiris.lab.bench.RelayBench;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code bench relay}, very briefly: every section prints its lines, with figures in them. */
class RelayBenchIT {

    @TempDir
    Path work;

    @Test
    void aBriefRunPrintsEverySectionOfTheTable() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8);
        Path results = new RelayBench(work.resolve("bench-relay"), out,
                new RelayBench.Settings(1, new int[]{200}, 40, 400, Duration.ofSeconds(30), 6)).run();
        String printed = captured.toString(StandardCharsets.UTF_8);

        assertThat(printed).contains("load generator: one Vert.x event loop", "SELECT 1 ceiling (GET /health)",
                "naive anchor (1 statement)", "full check-in, HTTP", "full check-in, TLS 1.3",
                "x the naive anchor", "== thundering herd: 400 appliances", "503 shed:", "herd recovered",
                "== two relays on one database", "together:", "relay B (TLS) resident memory: RSS");
        assertThat(printed).as("the full check-ins were answered").containsPattern(
                "full check-in, HTTP\\s+200/s\\s+[1-9]\\d*/s");
        assertThat(printed).as("the herd's appliances got through after the restart").containsPattern(
                "answered 200: [1-9]\\d* \\(the appliances' last seqs advanced by [1-9]\\d* in all");
        assertThat(Files.readString(results)).isEqualTo(printed.substring(0, printed.indexOf("results written"))
                .stripTrailing() + "\n");
    }
}
