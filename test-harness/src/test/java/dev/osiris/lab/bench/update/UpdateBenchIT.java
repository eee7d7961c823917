package dev.osiris.lab.bench.update;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code bench update --size 8m}: every figure it promises is printed as a number, the slot holds the image, and the
 * health gate commits the trial boot with the relay unreachable (no timing assertions).
 */
class UpdateBenchIT {

    private static final String SECONDS = " +\\d+\\.\\d\\d s";
    private static final String RATE = SECONDS + " +\\d+\\.\\d MiB/s";

    @Test
    void updatesTheStandbySlotAndTheGateCommitsItsTrialBoot(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Path results = new UpdateBench(dir.resolve("update"), new PrintStream(bytes, true, StandardCharsets.UTF_8),
                8L << 20).run();

        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines.getFirst()).matches("osiris bench update, .*, \\d+ cores, java .*");
        assertThat(lines).anyMatch(l -> l.matches(" +download \\(.*\\)" + RATE));
        assertThat(lines).anyMatch(l -> l.matches(" +verify \\(.*\\)" + RATE));
        assertThat(lines).anyMatch(l -> l.matches(" +slot write \\(write \\+ fsync\\)" + RATE
                + " +write \\d+\\.\\d\\d s, fsync \\d+\\.\\d\\d s"));
        assertThat(lines).anyMatch(l -> l.matches(" +read-back \\(.*\\)" + RATE));
        assertThat(lines).anyMatch(l -> l.matches(" +total \\(.*\\)" + SECONDS));
        assertThat(lines).anyMatch(l -> l.matches(" +dd bs=4M oflag=direct conv=fsync.*" + RATE));
        assertThat(lines).anyMatch(l -> l.matches(" +slot write / dd throughput \\(mean of the two dd runs\\): \\d+\\.\\d\\dx \\(aim >= 0.8x: (met|not met)\\)"));
        assertThat(lines).anyMatch(l -> l.matches(" +slot B: commit; update committed 1\\.1\\.0.*"));
        assertThat(lines).anyMatch(l -> l.matches(" +ok +relay: 127\\.0\\.0\\.1:\\d+ unreachable .*not required offline.*"));
        assertThat(lines).anyMatch(l -> l.matches(" +health gate, relay unreachable \\(connection refused\\): decision in"
                + " \\d+\\.\\d\\d s, process start to exit \\(aim < 10 s: (met|not met)\\)"));
        assertThat(Files.readAllBytes(dir.resolve("update/slot-b.img")))
                .isEqualTo(Files.readAllBytes(dir.resolve("update/release-1.1.0.img")));
        assertThat(Files.readAllLines(results)).containsAll(lines.subList(0, lines.size() - 1));
    }

    @Test
    void sizeThatDdCannotWriteDirectIsRefusedWithTheRule() {
        assertThat(UpdateBenchCommand.parseSize("512m")).isEqualTo(512L << 20);
        assertThat(UpdateBenchCommand.parseSize("4096k")).isEqualTo(4L << 20);
        assertThatThrownBy(() -> UpdateBenchCommand.parseSize("1000")).hasMessageContaining("multiple of 4 KiB");
        assertThatThrownBy(() -> UpdateBenchCommand.parseSize("12x")).hasMessageContaining("got '12x'");
    }
}
