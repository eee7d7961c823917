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

    // An alert is about an incident (and its site) or, for platform admins, a new pending signup.
    private static final String CLAIM = """
            WITH due AS (
                SELECT d.id FROM alerts d WHERE d.sent_at IS NULL AND d.next_attempt_at <= now()
                ORDER BY d.next_attempt_at, d.id LIMIT $1 FOR UPDATE SKIP LOCKED
            ), leased AS (
                UPDATE alerts a SET next_attempt_at = now() + make_interval(secs => $2) FROM due WHERE a.id = due.id
                RETURNING a.id, a.recipient, a.attempts, a.appliance_id, a.incident_id, a.signup_id
            )
            SELECT l.id, l.recipient, l.attempts, s.id AS site_id, s.name AS site_name, i.appliance_id,
                i.id AS incident_id, i.host, i.runbook_id, i.runbook_version, i.severity, i.reason, i.summary,
                COALESCE(i.raised_at, g.created_at) AS raised_at, g.id AS signup_id, g.provider AS signup_provider,
                g.email AS signup_email, g.verified_domain AS signup_domain
            FROM leased l
            LEFT JOIN incidents i ON i.appliance_id = l.appliance_id AND i.id = l.incident_id
            LEFT JOIN sites s ON s.id = i.site_id
            LEFT JOIN signups g ON g.id = l.signup_id
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
                        r.getInteger("runbook_version") == null ? 0 : r.getInteger("runbook_version"), r.getString("severity"), r.getString("reason"),
                        r.getString("summary"), r.getOffsetDateTime("raised_at").toInstant(),
                        r.getString("signup_id") == null ? null : new PendingAlert.Signup(r.getString("signup_id"),
                                r.getString("signup_provider"), r.getString("signup_email"),
                                r.getString("signup_domain"))));
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
