package dev.osiris.testing.fuzz;

import org.junit.jupiter.api.DynamicTest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fuzz phase of a module's test run: one dynamic test per target, each fuzzing for
 * {@code osiris.fuzz.seconds} (the root pom's property: a few seconds in {@code mvn verify}, minutes under
 * {@code ./osiris fuzz}). {@code osiris.fuzz.target} keeps only the targets whose name contains it; 0 seconds
 * skips the phase (the committed seeds still run as each target's regression test). {@code osiris.fuzz.jobs} targets
 * (default: one per core) fuzz at once. Each outcome is printed and appended to {@code target/fuzz/summary.txt}.
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
        // targets run side by side, one child JVM per core (each fuzzes on one thread); results are read in order
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1,
                Integer.getInteger("osiris.fuzz.jobs", Runtime.getRuntime().availableProcessors())));
        Map<FuzzTarget, Future<FuzzOutcome>> runs = new LinkedHashMap<>();
        for (FuzzTarget t : targets) {
            runs.put(t, pool.submit(() -> {
                System.out.println("osiris-fuzz: " + t.name() + ": fuzzing for " + seconds + " s, log in " + campaign.log(t));
                return campaign.run(t);
            }));
        }
        pool.shutdown();
        return targets.stream().map(t -> DynamicTest.dynamicTest(t.name(), () -> {
            FuzzOutcome outcome = runs.get(t).get();
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
