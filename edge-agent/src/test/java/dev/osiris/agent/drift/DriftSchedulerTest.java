package dev.osiris.agent.drift;

import dev.osiris.protocol.checkin.Secret;
import dev.osiris.protocol.checkin.Target;
import dev.osiris.protocol.checkin.Transport;
import dev.osiris.testing.Await;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The scheduler with scans the test completes by hand, on a real event loop. */
class DriftSchedulerTest {

    final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() throws Exception {
        Await.result(vertx.close());
    }

    static Target target(String id) {
        return new Target(id, id + ".lab", Transport.SSH, 22, true, "password", "osiris", new Secret("x"), null);
    }

    static HostScan done(Target t) {
        return new HostScan(t.id(), t.host(), Instant.now(), Map.of(), List.of(), Duration.ZERO, Duration.ZERO, null);
    }

    <T> T onLoop(java.util.function.Supplier<T> work) throws Exception {
        CompletableFuture<T> out = new CompletableFuture<>();
        vertx.getOrCreateContext().runOnContext(v -> out.complete(work.get()));
        return out.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aHungHostHoldsOneSlotAndTheOthersAllFinish() throws Exception {
        Map<String, Promise<HostScan>> inFlight = new ConcurrentHashMap<>();
        AtomicInteger maxRunning = new AtomicInteger();
        AtomicInteger running = new AtomicInteger();
        List<String> finished = new ArrayList<>();
        DriftScheduler scheduler = onLoop(() -> new DriftScheduler(vertx, t -> {
            maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            Promise<HostScan> p = Promise.promise();
            inFlight.put(t.id(), p);
            if (!t.id().equals("dead")) {
                vertx.setTimer(5, x -> {
                    running.decrementAndGet();
                    p.complete(done(t));
                });
            }
            return p.future();
        }, 2, Duration.ofHours(1), scan -> finished.add(scan.targetId())));
        List<Target> targets = List.of(target("dead"), target("a"), target("b"), target("c"), target("d"));
        Future<List<HostScan>> all = onLoop(() -> {
            scheduler.update(targets, Duration.ofMinutes(15));
            return scheduler.scanAllNow();
        });
        List<String> others = List.of("a", "b", "c", "d");
        CompletableFuture<Void> othersDone = new CompletableFuture<>();
        vertx.setPeriodic(5, id -> {
            if (finished.containsAll(others)) {
                othersDone.complete(null);
                vertx.cancelTimer(id);
            }
        });
        othersDone.get(10, TimeUnit.SECONDS);
        assertThat(maxRunning.get()).isEqualTo(2);
        assertThat(all.isComplete()).as("the whole round waits for the hung host").isFalse();
        assertThat(onLoop(scheduler::running)).isEqualTo(1);

        // asking again for the hung host joins its scan instead of queueing a second one
        Future<HostScan> again = onLoop(() -> scheduler.scanNow("dead"));
        onLoop(() -> {
            inFlight.get("dead").complete(done(target("dead")));
            return null;
        });
        assertThat(Await.result(again).targetId()).isEqualTo("dead");
        assertThat(Await.result(all)).hasSize(5);
    }

    @Test
    void removedTargetsAreForgottenAndUnknownOnesRefused() throws Exception {
        List<String> scanned = new ArrayList<>();
        DriftScheduler scheduler = onLoop(() -> new DriftScheduler(vertx, t -> {
            scanned.add(t.id());
            return Future.succeededFuture(done(t));
        }, 4, Duration.ofHours(1), scan -> { }));
        onLoop(() -> {
            scheduler.update(List.of(target("a"), target("b")), Duration.ofMinutes(15));
            scheduler.update(List.of(target("b")), Duration.ofMinutes(15));
            return null;
        });
        List<HostScan> round = Await.result(onLoop(scheduler::scanAllNow));
        assertThat(round).extracting(HostScan::targetId).containsExactly("b");
        assertThat(scanned).containsExactly("b");
        Throwable refused = onLoop(() -> scheduler.scanNow("a")).cause();
        assertThat(refused).hasMessage("no target a");
    }
}
