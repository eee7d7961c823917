package dev.osiris.agent.time;

import dev.osiris.agent.evidence.Entries;
import dev.osiris.agent.evidence.EvidenceStore;
import dev.osiris.protocol.evidence.EvidenceKind;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * Checks the appliance's clock at start and every interval, one check at a time: the verdict goes into
 * {@link ClockTrust} first (so that the record of an untrusted verdict, and everything after it, is marked), then
 * into a signed {@code time.verify} evidence record with each server's offset and standing. Touched only on the
 * agent's event loop.
 */
public final class TimeMonitor {

    public static final String CHECK_ID = "time.verify";

    private final Vertx vertx;
    private final TimeConfig config;
    private final TimeCheck check;
    private final ClockTrust trust;
    private final EvidenceStore store;
    private final Entries entries;
    private final Runnable changed;
    private Future<TimeVerdict> running = Future.succeededFuture();
    private long timer = -1;
    private boolean stopped;

    public TimeMonitor(Vertx vertx, TimeConfig config, TimeCheck check, ClockTrust trust, EvidenceStore store,
                       Entries entries, Runnable changed) {
        this.vertx = vertx;
        this.config = config;
        this.check = check;
        this.trust = trust;
        this.store = store;
        this.entries = entries;
        this.changed = changed;
    }

    /** Checks now and then every interval; does nothing when no servers are configured. */
    public void start() {
        if (config.enabled()) {
            checkNow().onComplete(ar -> schedule());
        }
    }

    private void schedule() {
        if (!stopped) {
            timer = vertx.setTimer(config.interval().toMillis(), t -> checkNow().onComplete(ar -> schedule()));
        }
    }

    /**
     * One check after any in progress, recorded. Fails when no servers are configured, when the record cannot be
     * stored (the verdict is in {@link ClockTrust} then all the same) or the monitor is stopped.
     */
    public Future<TimeVerdict> checkNow() {
        if (stopped) {
            return Future.failedFuture(new IllegalStateException("the agent is closed"));
        }
        if (!config.enabled()) {
            return Future.failedFuture(new IllegalStateException("the clock is not checked: no time section in the"
                    + " configuration"));
        }
        Future<TimeVerdict> next = running.transform(ignored -> check.run()).compose(this::record);
        running = next.otherwise((TimeVerdict) null);
        return next;
    }

    private Future<TimeVerdict> record(TimeVerdict verdict) {
        trust.update(verdict);
        changed.run();
        return store.append(entries.appliance(EvidenceKind.AGENT, CHECK_ID, verdict.state(), verdict.toJson()))
                .map(verdict);
    }

    public void stop() {
        stopped = true;
        vertx.cancelTimer(timer);
    }
}
