package dev.osiris.relay.store;

import io.vertx.core.Future;

import java.time.Duration;
import java.util.List;

/**
 * The outbox of alert mails, written together with the incidents that call for them. A claimed alert is leased:
 * no other claimer sees it until the lease runs out, so two relays on one database do not send it twice, and a
 * relay that dies mid-send leaves it to be retried. Futures fail only with the database's exception.
 */
public interface AlertStore {

    /** Leases up to {@code limit} unsent alerts whose next attempt is due, oldest first. */
    Future<List<PendingAlert>> claim(int limit, Duration lease);

    Future<Void> sent(long alertId);

    /** Counts a failed attempt and schedules the next one after {@code retryIn}. */
    Future<Void> failed(long alertId, String error, Duration retryIn);
}
