package dev.osiris.relay.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** {@link AlertStore} on PostgreSQL. */
public final class PgAlertStore implements AlertStore {

    private static final String CLAIM = """
            UPDATE alerts a SET next_attempt_at = now() + make_interval(secs => $2)
            FROM incidents i JOIN sites s ON s.id = i.site_id
            WHERE a.id IN (SELECT d.id FROM alerts d WHERE d.sent_at IS NULL AND d.next_attempt_at <= now()
                           ORDER BY d.next_attempt_at, d.id LIMIT $1 FOR UPDATE SKIP LOCKED)
              AND i.appliance_id = a.appliance_id AND i.id = a.incident_id
            RETURNING a.id, a.recipient, a.attempts, s.id AS site_id, s.name AS site_name, i.appliance_id,
                i.id AS incident_id, i.host, i.runbook_id, i.runbook_version, i.severity, i.reason, i.summary,
                i.raised_at
            """;
    private static final String SENT = "UPDATE alerts SET sent_at = now(), attempts = attempts + 1, last_error = NULL"
            + " WHERE id = $1";
    private static final String FAILED = "UPDATE alerts SET attempts = attempts + 1, last_error = left($2, 500),"
            + " next_attempt_at = now() + make_interval(secs => $3) WHERE id = $1 AND sent_at IS NULL";

    private final Pool pool;

    public PgAlertStore(Pool pool) {
        this.pool = pool;
    }

    @Override
    public Future<List<PendingAlert>> claim(int limit, Duration lease) {
        return pool.preparedQuery(CLAIM).execute(Tuple.of(limit, (double) lease.toMillis() / 1000)).map(rows -> {
            List<PendingAlert> out = new ArrayList<>(rows.size());
            for (Row r : rows) {
                out.add(new PendingAlert(r.getLong("id"), r.getString("recipient"), r.getInteger("attempts"),
                        r.getString("site_id"), r.getString("site_name"), r.getString("appliance_id"),
                        r.getString("incident_id"), r.getString("host"), r.getString("runbook_id"),
                        r.getInteger("runbook_version"), r.getString("severity"), r.getString("reason"),
                        r.getString("summary"), r.getOffsetDateTime("raised_at").toInstant()));
            }
            out.sort(Comparator.comparingLong(PendingAlert::id));
            return out;
        });
    }

    @Override
    public Future<Void> sent(long alertId) {
        return pool.preparedQuery(SENT).execute(Tuple.of(alertId)).mapEmpty();
    }

    @Override
    public Future<Void> failed(long alertId, String error, Duration retryIn) {
        return pool.preparedQuery(FAILED).execute(Tuple.of(alertId, error, (double) retryIn.toMillis() / 1000))
                .mapEmpty();
    }
}
