package dev.osiris.testing.fuzz;

import org.junit.jupiter.api.DynamicTest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fuzz phase of a module's test run: one dynamic test per target, each fuzzing for
 * {@code osiris.fuzz.seconds} (the root pom's property: a few seconds in {@code mvn verify}, minutes under
 * {@code ./osiris fuzz}). {@code osiris.fuzz.target} keeps only the targets whose name contains it; 0 seconds
 * skips the phase (the committed seeds still run as each target's regression test). Each outcome is printed and
 * appended to {@code target/fuzz/summary.txt}.
 */
public final class FuzzPhase {

    private FuzzPhase() {
    }

    public static Stream<DynamicTest> ofThisModule() {
        long seconds = Long.getLong("osiris.fuzz.seconds", 4);
        String only = System.getProperty("osiris.fuzz.target", "").toLowerCase(Locale.ROOT);
        FuzzCampaign campaign = FuzzCampaign.forThisModule(Duration.ofSeconds(seconds));
        List<FuzzTarget> targets = FuzzTarget.in(campaign.testClasses()).stream()
                .filter(t -> t.name().toLowerCase(Locale.ROOT).contains(only))
                .toList();
        if (seconds <= 0) {
            return Stream.empty();
        }
        try {
            Files.deleteIfExists(summary(campaign));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return targets.stream().map(t -> DynamicTest.dynamicTest(t.name(), () -> {
            System.out.println("osiris-fuzz: " + t.name() + ": fuzzing for " + seconds + " s, log in " + campaign.log(t));
            FuzzOutcome outcome = campaign.run(t);
            report(campaign, outcome);
            assertThat(outcome.clean()).as(outcome.summary()).isTrue();
            assertThat(outcome.executions()).as("%s ran no input: %s", t.name(), outcome.log()).isPositive();
        }));
    }

    private static void report(FuzzCampaign campaign, FuzzOutcome outcome) {
        String line = outcome.summary();
        System.out.println("osiris-fuzz: " + line);
        try {
            Files.createDirectories(summary(campaign).getParent());
            Files.writeString(summary(campaign), line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path summary(FuzzCampaign campaign) {
        return campaign.testClasses().resolveSibling("fuzz").resolve("summary.txt");
    }
}
