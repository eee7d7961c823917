package dev.osiris.lab.bench.rollout;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** A small run of {@code bench rollout}: it pauses at group 3, says how fast, and prints its figures. */
class RolloutBenchIT {

    @TempDir
    Path dir;

    @Test
    void aSmallFleetsRolloutPausesAtTheThirdGroupWithinACheckinInterval() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        RolloutBench.Result result = new RolloutBench(dir.resolve("bench"), new PrintStream(printed, true,
                StandardCharsets.UTF_8), new RolloutBench.Settings(200, Duration.ofSeconds(1), 3, 180, 2, 1)).run();
        String text = printed.toString(StandardCharsets.UTF_8);
        System.out.print(text);
        assertThat(result.status()).isEqualTo("paused");
        assertThat(result.pausedAtGroup()).isEqualTo(3);
        assertThat(result.thresholdToPauseMs()).isBetween(0.0, 1_000.0);
        assertThat(result.checkins()).isPositive();
        assertThat(text).contains("without a rollout:").contains("with the rollout active:")
                .contains("without a rollout again")
                .contains("group 1: done").contains("group 3: running").contains("error threshold crossed to rollout paused");
    }
}
