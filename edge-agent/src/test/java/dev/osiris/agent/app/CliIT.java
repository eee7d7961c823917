package dev.osiris.agent.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CliIT {

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    private Run run(String... args) {
        PrintStream oldOut = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            CommandLine cli = AgentMain.commandLine();
            cli.setErr(new java.io.PrintWriter(err, true, StandardCharsets.UTF_8));
            int exit = cli.execute(args);
            return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
        }
    }

    @Test
    void appendPrintsEachCommitAndVerifyConfirmsTheChain() {
        String data = dir.resolve("data").toString();
        Run append = run("evidence", "append", "--data-dir", data, "--count", "25", "--kind", "detect");
        assertThat(append.exit()).isZero();
        List<String> lines = append.out().lines().toList();
        assertThat(lines).hasSize(25).allMatch(l -> l.matches("committed \\d+ [0-9a-f]{64}"));
        assertThat(lines.getFirst()).startsWith("committed 1 ");
        String lastHash = lines.getLast().split(" ")[2];

        Run verify = run("evidence", "verify", "--data-dir", data);
        assertThat(verify.exit()).isZero();
        assertThat(verify.out().trim()).isEqualTo("chain intact: 25 records, head 25 " + lastHash);

        Run show = run("evidence", "show", "--data-dir", data, "--last", "2");
        assertThat(show.out()).contains("24 ").contains("25 ").contains("head 25 " + lastHash);
    }

    @Test
    void verifyNamesTheFirstBadRecordAndExitsOne() throws Exception {
        String data = dir.resolve("data").toString();
        assertThat(run("evidence", "append", "--data-dir", data, "--count", "12").exit()).isZero();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("data/evidence.db"));
             Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE evidence SET outcome = 'fail' WHERE seq = 9");
        }
        Run verify = run("evidence", "verify", "--data-dir", data);
        assertThat(verify.exit()).isEqualTo(1);
        assertThat(verify.out().trim()).isEqualTo("first bad record: 9: hash mismatch: the record's content was altered");
    }

    @Test
    void statusPrintsTheStatusFileInWords() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("status.json"), """
                {"state":"offline","detail":"relay unreachable for 3 attempt(s)","lastCheckinAt":null,
                 "lastError":"relay http://127.0.0.1:9 unreachable","consecutiveFailures":3,"nextAttemptAt":null,
                 "evidenceHeadSeq":7,"evidenceHeadHash":"00","uploadedThrough":5,"outboxDepth":2,"targets":0,
                 "credentialsPresent":false,"duplicatesReported":0,"updatedAt":"2026-01-01T00:00:00Z"}
                """);
        Run status = run("status", "--data-dir", data.toString());
        assertThat(status.exit()).isZero();
        assertThat(status.out()).contains("state: offline (relay unreachable for 3 attempt(s))")
                .contains("outbox depth: 2 report(s) waiting").contains("credentials present: no")
                .contains("uploaded through: 5");
    }

    @Test
    void verifyOfAMissingDatabaseSaysSo() {
        Run verify = run("evidence", "verify", "--data-dir", dir.resolve("nothing").toString());
        assertThat(verify.exit()).isEqualTo(2);
        assertThat(verify.err()).contains("no evidence database at");
    }
}
