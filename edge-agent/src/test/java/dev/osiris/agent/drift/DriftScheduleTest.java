package dev.osiris.agent.drift;

import dev.osiris.protocol.checkin.Target;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static dev.osiris.agent.drift.DriftSchedulerTest.done;
import static dev.osiris.agent.drift.DriftSchedulerTest.target;
import static org.assertj.core.api.Assertions.assertThat;

/** When the scheduler scans, on timers the test fires by moving a manual clock (plain Java, one thread). */
class DriftScheduleTest {

    /** Timers on a clock that only {@link #advance} moves; due timers fire in time order. */
    static final class ManualTimers implements ScanTimers {
        private final TreeMap<Long, Map.Entry<Long, Runnable>> due = new TreeMap<>();
        private long now;
        private long nextId;

        @Override
        public long schedule(Duration delay, Runnable fire) {
            long id = nextId++;
            // unique sort key per timer: due time in ms, then id
            due.put((now + delay.toMillis()) * 1_000 + id, Map.entry(id, fire));
            return id;
        }

        @Override
        public void cancel(long id) {
            due.values().removeIf(e -> e.getKey() == id);
        }

        void advance(Duration by) {
            long until = now + by.toMillis();
            while (!due.isEmpty() && due.firstKey() / 1_000 <= until) {
                var next = due.pollFirstEntry();
                now = next.getKey() / 1_000;
                next.getValue().getValue().run();
            }
            now = until;
        }

        long nowMs() {
            return now;
        }
    }

    final ManualTimers timers = new ManualTimers();
    /** When (ms on the manual clock) each target was scanned. */
    final Map<String, List<Long>> scannedAt = new HashMap<>();
    final List<String> order = new ArrayList<>();

    DriftScheduler scheduler(Duration firstDelay) {
        return new DriftScheduler(timers, t -> {
            scannedAt.computeIfAbsent(t.id(), k -> new ArrayList<>()).add(timers.nowMs());
            order.add(t.id());
            return Future.succeededFuture(done(t));
        }, 4, firstDelay, scan -> { });
    }

    @Test
    void newTargetsGetTheirFirstScanAfterTheFirstDelaySpreadAcrossThem() {
        DriftScheduler scheduler = scheduler(Duration.ofSeconds(60));
        scheduler.update(List.of(target("a"), target("b"), target("c")), Duration.ofMinutes(15));

        timers.advance(Duration.ofSeconds(59));
        assertThat(order).as("nothing before the first delay").isEmpty();
        timers.advance(Duration.ofSeconds(60));

        assertThat(scannedAt).containsEntry("a", List.of(60_000L)).containsEntry("b", List.of(80_000L))
                .containsEntry("c", List.of(100_000L));
    }

    @Test
    void eachTargetIsScannedAgainOneIntervalAfterItsLastScanUntilItIsRemoved() {
        DriftScheduler scheduler = scheduler(Duration.ofSeconds(60));
        scheduler.update(List.of(target("a")), Duration.ofMinutes(15));

        timers.advance(Duration.ofMinutes(31).plusSeconds(30));
        assertThat(scannedAt.get("a")).containsExactly(60_000L, 960_000L, 1_860_000L);

        scheduler.update(List.of(), Duration.ofMinutes(15));
        timers.advance(Duration.ofHours(1));
        assertThat(scannedAt.get("a")).as("a removed target is not scanned again").hasSize(3);
    }

    @Test
    void aChangedIntervalReschedulesEveryTargetFromNow() {
        DriftScheduler scheduler = scheduler(Duration.ofSeconds(60));
        scheduler.update(List.of(target("a"), target("b")), Duration.ofMinutes(15));
        timers.advance(Duration.ofMinutes(2));
        order.clear();

        scheduler.update(List.of(target("a"), target("b")), Duration.ofMinutes(5));
        timers.advance(Duration.ofMinutes(5).minusSeconds(1));
        assertThat(order).isEmpty();
        timers.advance(Duration.ofSeconds(1));
        assertThat(order).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void aScanThatOutlastsItsIntervalIsNotStartedAgainWhileItRuns() {
        Promise<HostScan> slow = Promise.promise();
        List<Long> starts = new ArrayList<>();
        DriftScheduler scheduler = new DriftScheduler(timers, t -> {
            starts.add(timers.nowMs());
            return starts.size() == 1 ? slow.future() : Future.succeededFuture(done(t));
        }, 4, Duration.ofSeconds(1), scan -> { });
        scheduler.update(List.of(target("a")), Duration.ofMinutes(1));

        timers.advance(Duration.ofMinutes(10));
        assertThat(starts).containsExactly(1_000L);
        assertThat(scheduler.running()).isEqualTo(1);

        slow.complete(done(target("a")));
        timers.advance(Duration.ofMinutes(1));
        assertThat(starts).as("the next scan one interval after the slow one ended").containsExactly(1_000L, 660_000L);
    }
}
