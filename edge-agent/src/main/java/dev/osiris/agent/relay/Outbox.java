package dev.osiris.agent.relay;

import dev.osiris.protocol.checkin.CheckinRequest;
import io.vertx.core.Future;

import java.util.List;

/**
 * Check-in reports waiting for the relay, kept durably in the order they were made so that a report made
 * offline is delivered later, once, in order. Futures fail with the storage error.
 */
public interface Outbox {

    /** A stored report: its sequence and the exact JSON bytes that will be signed and sent. */
    record Pending(long seq, byte[] body) {
    }

    /** Builds a report inside the outbox's transaction, from its sequence and the database connection. */
    @FunctionalInterface
    interface ReportBuilder {
        CheckinRequest build(long seq, java.sql.Connection connection) throws Exception;
    }

    /**
     * Allocates the next report sequence, builds the report with it and stores it, in one transaction (so that
     * whatever the builder marks as reported is stored with the report, or not at all); returns the new depth.
     */
    Future<Integer> add(ReportBuilder report);

    /** Up to {@code limit} oldest reports, oldest first. */
    Future<List<Pending>> oldest(int limit);

    /** Removes a delivered report; returns the new depth. */
    Future<Integer> remove(long seq);

    /** Hands the incidents and acknowledgements of a set-aside report back, inside the outbox's transaction. */
    @FunctionalInterface
    interface Returner {
        void requeue(java.sql.Connection connection, List<String> incidentIds, List<String> ackedResolutions)
                throws Exception;
    }

    /**
     * What became of a report the relay refused as malformed.
     *
     * @param requeued     incidents handed back, to be carried by the next report
     * @param held         incidents that need a person: the refusal named them, or they were refused once before
     * @param ackedOrders  order acknowledgements the report carried, to be sent again
     * @param depth        the outbox's new depth
     */
    record SetAside(long seq, List<String> requeued, List<String> held, List<String> ackedOrders, int depth) {
    }

    /**
     * Moves a report the relay will never accept out of the queue into the set-aside table (kept, never sent
     * again) and, in the same transaction, hands its incidents and resolution acknowledgements back through
     * {@code returned}, except those it holds (see {@link SetAside#held}).
     */
    Future<SetAside> setAside(long seq, int status, String error, Returner returned);

    /** The ids of every incident held by a set-aside report, oldest first. */
    Future<List<String>> held();

    Future<Integer> depth();
}
