package dev.osiris.lab;

import dev.osiris.lab.proc.JavaProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent process is killed with SIGKILL while it appends evidence in a loop, three times over: every record it
 * said was committed survives with the same hash, and the chain verifies after each restart.
 */
class EvidenceKillIT {

    private static final String AGENT_MAIN = "dev.osiris.agent.app.AgentMain";

    @TempDir
    Path dataDir;

    @Test
    void everyCommittedRecordSurvivesSigkill() throws Exception {
        Map<Long, String> committed = new HashMap<>();
        for (int round = 0; round < 3; round++) {
            Process agent = JavaProcess.start(List.of("-XX:+UseSerialGC"), AGENT_MAIN,
                    List.of("evidence", "append", "--data-dir", dataDir.toString(), "--count", "10000000"));
            int seenThisRound = 0;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(agent.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    String[] parts = line.split(" ");
                    if (parts.length == 3 && parts[0].equals("committed")) {
                        committed.put(Long.parseLong(parts[1]), parts[2]);
                        if (++seenThisRound == 500) {
                            agent.toHandle().destroyForcibly(); // SIGKILL: no shutdown hook; the pipe stays open to read what was printed
                        }
                    }
                }
            }
            assertThat(agent.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(agent.exitValue()).as("killed by SIGKILL").isEqualTo(137);
            assertThat(seenThisRound).isGreaterThanOrEqualTo(500);

            Process verify = JavaProcess.start(List.of("-XX:+UseSerialGC"), AGENT_MAIN,
                    List.of("evidence", "verify", "--data-dir", dataDir.toString()));
            String verdict = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(verify.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(verdict).contains("chain intact:");
            assertThat(verify.exitValue()).isZero();
        }

        Map<Long, String> stored = storedHashes();
        assertThat(committed).hasSizeGreaterThanOrEqualTo(1500);
        committed.forEach((seq, hash) -> assertThat(stored.get(seq)).as("record " + seq).isEqualTo(hash));
    }

    private Map<Long, String> storedHashes() throws Exception {
        Map<Long, String> hashes = new HashMap<>();
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("evidence.db"));
             Statement s = db.createStatement();
             ResultSet rs = s.executeQuery("SELECT seq, hash FROM evidence")) {
            while (rs.next()) {
                hashes.put(rs.getLong(1), rs.getString(2));
            }
        }
        return hashes;
    }
}
