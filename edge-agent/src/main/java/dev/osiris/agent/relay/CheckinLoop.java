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
 * the configured one) with jitter, or after an exponential backoff while the relay is unreachable or refuses (at
 * least as long as the relay's {@code Retry-After}). Link transitions (unreachable, reachable again, no credentials)
 * are recorded in evidence once each.
 *
 * <p>The one owner of the {@link LinkState}: each cycle's {@link CheckinOutcome} is applied here, on the event loop,
 * and {@code changed} runs after each change; {@link #state()} hands out the immutable current state.
 */
public final class CheckinLoop {

    private final Vertx vertx;
    private final CheckinCycle cycle;
    private final Backoff backoff;
    private final Duration interval;
    private final double jitter;
    private final EvidenceStore store;
    private final Entries entries;
    private final Clock clock;
    private final Runnable changed;
    private volatile LinkState state;
    private Future<Void> running = Future.succeededFuture();
    private long timer = -1;
    private boolean stopped;

    public CheckinLoop(Vertx vertx, CheckinCycle cycle, LinkState initial, Backoff backoff, Duration interval,
                       double jitter, EvidenceStore store, Entries entries, Clock clock, Runnable changed) {
        this.vertx = vertx;
        this.cycle = cycle;
        this.state = initial;
        this.backoff = backoff;
        this.interval = interval;
        this.jitter = jitter;
        this.store = store;
        this.entries = entries;
        this.clock = clock;
        this.changed = changed;
    }

    /** The link as of the last change; immutable, safe to read from any thread. */
    public LinkState state() {
        return state;
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
        return cycle.run(state).compose(outcome -> {
            LinkState before = state;
            state = before.after(outcome, clock.instant());
            changed.run();
            cycle.applied(outcome);
            return record(before, outcome).transform(recorded -> {
                schedule(nextDelay(outcome));
                return outcome.succeeded() ? Future.<Void>succeededFuture() : Future.<Void>failedFuture(outcome.failure());
            });
        });
    }

    /** The transitions this outcome made, in evidence: the relay reachable again or lost, no credentials. */
    private Future<Void> record(LinkState before, CheckinOutcome outcome) {
        List<Future<?>> records = new ArrayList<>();
        LinkState.Attempts was = before.attempts();
        LinkState.Attempts now = state.attempts();
        if (outcome.succeeded() && Boolean.FALSE.equals(was.reachable())) {
            records.add(store.append(entries.appliance(EvidenceKind.CHECKIN, "relay.reachable", "info",
                    Json.object().put("failedAttempts", was.consecutiveFailures()))));
        }
        if (!outcome.succeeded() && now.lastFailureUnreachable() && !Boolean.FALSE.equals(was.reachable())) {
            records.add(store.append(entries.appliance(EvidenceKind.CHECKIN, "relay.unreachable", "error",
                    Json.object().put("error", now.lastError()))));
        }
        if (!outcome.succeeded() && state.config() == null && !state.noCredentialsRecorded()) {
            state = state.withNoCredentialsRecorded();
            records.add(store.append(entries.appliance(EvidenceKind.AGENT, "agent.no-credentials", "error",
                    Json.object().put("reason", "no configuration from the relay since the agent started; "
                            + "targets and credentials are kept in memory only").put("error", now.lastError()))));
        }
        return Future.all(records).mapEmpty();
    }

    private Duration nextDelay(CheckinOutcome outcome) {
        if (outcome.succeeded()) {
            int relaySeconds = state.config() == null ? 0 : state.config().checkinIntervalSeconds();
            return backoff.jittered(relaySeconds > 0 ? Duration.ofSeconds(relaySeconds) : interval, jitter);
        }
        return backoff.afterRefusal(state.attempts().consecutiveFailures(), outcome.retryAfter().orElse(null));
    }

    private void schedule(Duration delay) {
        cancelTimer();
        if (stopped) {
            return;
        }
        state = state.nextAttemptAt(clock.instant().plus(delay));
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
        state = state.nextAttemptAt(null);
        return running;
    }
}
