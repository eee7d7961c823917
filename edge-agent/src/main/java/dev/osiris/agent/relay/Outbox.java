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

    Future<Integer> depth();
}
