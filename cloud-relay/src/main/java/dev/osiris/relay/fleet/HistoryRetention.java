package dev.osiris.relay.fleet;

import dev.osiris.relay.store.CheckinStore;
import io.vertx.core.Future;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The check-in history's retention job: deletes stored reports older than the retention time, in slices of
 * {@value #SLICE} rows (each its own short transaction) until none is left, so that the table stops growing by the
 * fleet's daily report count while the appliances' current state (last contact, status, latest compliance) stays.
 * Every relay process may run it; two at once delete disjoint or already-deleted rows.
 */
public final class HistoryRetention {

    static final int SLICE = 10_000;

    private final CheckinStore checkins;
    private final Duration retention;
    private final Clock clock;

    public HistoryRetention(CheckinStore checkins, Duration retention, Clock clock) {
        this.checkins = checkins;
        this.retention = retention;
        this.clock = clock;
    }

    /** @return how many reports were deleted; fails with the database's error (what was deleted stays deleted) */
    public Future<Long> run() {
        Instant before = clock.instant().minus(retention);
        return slice(before, 0);
    }

    private Future<Long> slice(Instant before, long deleted) {
        return checkins.dropHistory(before, SLICE).compose(n -> n < SLICE ? Future.succeededFuture(deleted + n)
                : slice(before, deleted + n));
    }
}
