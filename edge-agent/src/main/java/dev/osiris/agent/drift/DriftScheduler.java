package dev.osiris.agent.drift;

import dev.osiris.protocol.checkin.Target;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Schedules host scans on the agent's event loop: one timer per target (first scan after {@code firstDelay},
 * spread across targets, then every scan interval), at most {@code concurrency} hosts in flight, the rest queued
 * in order. A dead host holds one slot until its connect timeout, never the others. A scan asked for (an order, a
 * sensor event) joins the queue unless that target is already queued or running, and its future completes with
 * that scan. Touched on the event loop only.
 */
public final class DriftScheduler {

    private final ScanTimers timers;
    private final Function<Target, Future<HostScan>> scan;
    private final int concurrency;
    private final Duration firstDelay;
    private final Consumer<HostScan> finished;
    private final Map<String, Target> targets = new LinkedHashMap<>();
    private final Map<String, Long> timerIds = new HashMap<>();
    private final Map<String, Promise<HostScan>> pending = new HashMap<>();
    private final Deque<String> queue = new ArrayDeque<>();
    private Duration interval = Duration.ofMinutes(15);
    private int running;
    private boolean stopped;

    public DriftScheduler(Vertx vertx, Function<Target, Future<HostScan>> scan, int concurrency, Duration firstDelay,
                          Consumer<HostScan> finished) {
        this(ScanTimers.of(vertx), scan, concurrency, firstDelay, finished);
    }

    /** With explicit timers (a manual clock in tests). */
    public DriftScheduler(ScanTimers timers, Function<Target, Future<HostScan>> scan, int concurrency, Duration firstDelay,
                          Consumer<HostScan> finished) {
        this.timers = timers;
        this.scan = scan;
        this.concurrency = concurrency;
        this.firstDelay = firstDelay;
        this.finished = finished;
    }

    /**
     * After a check-in: new targets get their first scan, removed ones are forgotten, changed credentials take
     * effect at the target's next scan; a changed interval reschedules every timer.
     */
    public void update(List<Target> current, Duration scanInterval) {
        if (stopped) {
            return;
        }
        boolean intervalChanged = !scanInterval.equals(interval);
        interval = scanInterval;
        Map<String, Target> next = new LinkedHashMap<>();
        current.forEach(t -> next.put(t.id(), t));
        for (String id : List.copyOf(targets.keySet())) {
            if (!next.containsKey(id)) {
                targets.remove(id);
                cancel(id);
                queue.remove(id);
            }
        }
        int i = 0;
        for (Target t : next.values()) {
            boolean isNew = targets.put(t.id(), t) == null;
            if (isNew || intervalChanged) {
                long spread = next.size() <= 1 ? 0 : firstDelay.toMillis() * i / next.size();
                schedule(t.id(), isNew ? firstDelay.toMillis() + spread : interval.toMillis());
            }
            i++;
        }
    }

    /** Scans every current target now (each once, joining scans already queued or running). */
    public Future<List<HostScan>> scanAllNow() {
        List<Future<HostScan>> all = new ArrayList<>();
        for (String id : List.copyOf(targets.keySet())) {
            all.add(request(id));
        }
        return Future.all(all).map(cf -> cf.<HostScan>list());
    }

    /** Scans one target now; fails if the target is unknown. */
    public Future<HostScan> scanNow(String targetId) {
        if (!targets.containsKey(targetId)) {
            return Future.failedFuture(new IllegalArgumentException("no target " + targetId));
        }
        return request(targetId);
    }

    private Future<HostScan> request(String id) {
        Promise<HostScan> promise = pending.get(id);
        if (promise != null) {
            return promise.future();
        }
        promise = Promise.promise();
        pending.put(id, promise);
        cancel(id);
        queue.addLast(id);
        pump();
        return promise.future();
    }

    private void pump() {
        while (!stopped && running < concurrency && !queue.isEmpty()) {
            String id = queue.pollFirst();
            Target target = targets.get(id);
            Promise<HostScan> promise = pending.get(id);
            if (target == null) {
                pending.remove(id);
                if (promise != null) {
                    promise.fail(new IllegalStateException("target " + id + " was removed"));
                }
                continue;
            }
            running++;
            scan.apply(target).onComplete(ar -> {
                running--;
                Promise<HostScan> p = pending.remove(id);
                if (targets.containsKey(id) && !stopped) {
                    schedule(id, interval.toMillis());
                }
                if (ar.succeeded()) {
                    finished.accept(ar.result());
                    if (p != null) {
                        p.complete(ar.result());
                    }
                } else if (p != null) {
                    p.fail(ar.cause());
                }
                pump();
            });
        }
    }

    private void schedule(String id, long delayMs) {
        cancel(id);
        timerIds.put(id, timers.schedule(Duration.ofMillis(Math.max(1, delayMs)), () -> {
            timerIds.remove(id);
            request(id);
        }));
    }

    private void cancel(String id) {
        Long timer = timerIds.remove(id);
        if (timer != null) {
            timers.cancel(timer);
        }
    }

    public int running() {
        return running;
    }

    public int queued() {
        return queue.size();
    }

    public void stop() {
        stopped = true;
        List.copyOf(timerIds.keySet()).forEach(this::cancel);
        queue.clear();
        pending.values().forEach(p -> p.tryFail(new IllegalStateException("the agent is closing")));
        pending.clear();
    }
}
