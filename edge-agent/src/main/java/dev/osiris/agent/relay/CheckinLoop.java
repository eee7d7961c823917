package dev.osiris.agent.relay;

import dev.osiris.agent.evidence.Entries;
import dev.osiris.agent.evidence.EvidenceStore;
import dev.osiris.protocol.evidence.EvidenceKind;
import dev.osiris.protocol.json.Json;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs check-in cycles on the event loop with timers: one at a time, every interval (the relay's overrides
 * the configured one) with jitter, or after an exponential backoff while the relay is unreachable. Link
 * transitions (unreachable, reachable again, no credentials) are recorded in evidence once each.
 */
public final class CheckinLoop {

    private final Vertx vertx;
    private final CheckinCycle cycle;
    private final LinkState state;
    private final Backoff backoff;
    private final Duration interval;
    private final double jitter;
    private final EvidenceStore store;
    private final Entries entries;
    private final Clock clock;
    private final Runnable changed;
    private Future<Void> running = Future.succeededFuture();
    private long timer = -1;
    private boolean stopped;

    public CheckinLoop(Vertx vertx, CheckinCycle cycle, LinkState state, Backoff backoff, Duration interval, double jitter,
                       EvidenceStore store, Entries entries, Clock clock, Runnable changed) {
        this.vertx = vertx;
        this.cycle = cycle;
        this.state = state;
        this.backoff = backoff;
        this.interval = interval;
        this.jitter = jitter;
        this.store = store;
        this.entries = entries;
        this.clock = clock;
        this.changed = changed;
    }

    /** Schedules the first cycle at once. */
    public void start() {
        schedule(Duration.ZERO);
    }

    /** Runs one full cycle after any running one; fails with the cycle's reason. Call on the event loop. */
    public Future<Void> runNow() {
        if (stopped) {
            return Future.failedFuture(new IllegalStateException("the agent is closed"));
        }
        Future<Void> next = running.transform(ignored -> cycleOnce());
        running = next.otherwiseEmpty();
        return next;
    }

    private Future<Void> cycleOnce() {
        cancelTimer();
        return cycle.run().transform(ar -> (ar.succeeded() ? succeeded() : failed(ar.cause()))
                .transform(recorded -> ar.succeeded() ? Future.<Void>succeededFuture() : Future.failedFuture(ar.cause())));
    }

    private Future<Void> succeeded() {
        List<Future<?>> records = new ArrayList<>();
        if (Boolean.FALSE.equals(state.reachable)) {
            records.add(store.append(entries.appliance(EvidenceKind.CHECKIN, "relay.reachable", "info",
                    Json.object().put("failedAttempts", state.consecutiveFailures))));
        }
        state.reachable = true;
        state.consecutiveFailures = 0;
        state.lastCheckinAt = clock.instant();
        state.lastError = state.refusedError;
        int relaySeconds = state.config == null ? 0 : state.config.checkinIntervalSeconds();
        schedule(backoff.jittered(relaySeconds > 0 ? Duration.ofSeconds(relaySeconds) : interval, jitter));
        return Future.all(records).mapEmpty();
    }

    private Future<Void> failed(Throwable cause) {
        List<Future<?>> records = new ArrayList<>();
        boolean unreachable = cause instanceof RelayException re && re.unreachable();
        state.lastFailureUnreachable = unreachable;
        state.consecutiveFailures++;
        state.lastError = cause.getMessage() == null ? cause.toString() : cause.getMessage();
        if (unreachable && !Boolean.FALSE.equals(state.reachable)) {
            records.add(store.append(entries.appliance(EvidenceKind.CHECKIN, "relay.unreachable", "error",
                    Json.object().put("error", state.lastError))));
            state.reachable = false;
        }
        if (state.config == null && !state.noCredentialsRecorded) {
            state.noCredentialsRecorded = true;
            records.add(store.append(entries.appliance(EvidenceKind.AGENT, "agent.no-credentials", "error",
                    Json.object().put("reason", "no configuration from the relay since the agent started; "
                            + "targets and credentials are kept in memory only").put("error", state.lastError))));
        }
        schedule(backoff.afterFailures(state.consecutiveFailures));
        return Future.all(records).mapEmpty();
    }

    private void schedule(Duration delay) {
        cancelTimer();
        if (stopped) {
            return;
        }
        state.nextAttemptAt = clock.instant().plus(delay);
        changed.run();
        timer = vertx.setTimer(Math.max(1, delay.toMillis()), id -> {
            timer = -1;
            runNow();
        });
    }

    private void cancelTimer() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
    }

    /** Stops scheduling and waits for a running cycle to end. */
    public Future<Void> stop() {
        stopped = true;
        cancelTimer();
        state.nextAttemptAt = null;
        return running;
    }
}
