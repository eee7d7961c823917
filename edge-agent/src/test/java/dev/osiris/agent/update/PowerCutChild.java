package dev.osiris.agent.update;

import dev.osiris.agent.boot.FileBootSlots;
import dev.osiris.agent.evidence.Entries;
import dev.osiris.agent.health.ApplianceChecks;
import dev.osiris.agent.health.HealthGate;
import dev.osiris.protocol.json.Json;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The agent's update half in a child JVM, for the power-cut test: {@code install}, {@code resume} or {@code gate} on
 * an appliance directory. Prints {@code PASS <point>} at every injection point and, at the one named, {@code AT
 * <point>} and then waits to be killed with SIGKILL.
 */
public final class PowerCutChild {

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String releaseKey = args[1];
        String mode = args[2];
        String crashAt = args[3];
        Crashpoints crash = point -> {
            System.out.println("PASS " + point);
            if (point.equals(crashAt)) {
                System.out.println("AT " + point);
                System.out.flush();
                try {
                    new java.util.concurrent.CountDownLatch(1).await(); // until the parent's kill -9
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            System.out.flush();
        };
        try (UpdateFixture f = UpdateFixture.open(dir, releaseKey, 64L << 20, crash)) {
            UpdateJob end = switch (mode) {
                case "install" -> {
                    UpdateRequest r = UpdateRequest.fromJson(Json.MAPPER.readTree(Files.readAllBytes(dir.resolve("order.json"))));
                    f.updater.submit(r).get(60, TimeUnit.SECONDS);
                    yield f.updater.settled().get(60, TimeUnit.SECONDS);
                }
                case "resume" -> f.updater.resume().get(60, TimeUnit.SECONDS);
                case "gate" -> gate(f, crash);
                default -> throw new IllegalArgumentException(mode);
            };
            System.out.println("DONE " + end.state().wireName());
        }
        System.exit(0);
    }

    private static UpdateJob gate(UpdateFixture f, Crashpoints crash) throws Exception {
        FileBootSlots slots = f.slots;
        UpdateJournal journal = new UpdateJournal(new UpdateStateFile(f.dir.resolve("update")),
                new UpdateEvidence(f.store, new Entries(Clock.systemUTC())), crash, Clock.systemUTC());
        HealthGate gate = new HealthGate(List.of(ApplianceChecks.dataWritable(f.dir), ApplianceChecks.evidenceHead(f.store)),
                slots, journal, () -> System.out.println("REBOOT"), crash, Clock.systemUTC());
        return gate.run(slots.read().booted()).job();
    }
}
