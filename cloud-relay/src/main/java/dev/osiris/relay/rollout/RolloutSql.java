package dev.osiris.relay.rollout;

/**
 * Every statement of {@link PgRolloutStore}, in one place (schema: V11). Each state change is a guarded UPDATE
 * ({@code WHERE status = <expected>}), so that two relays, or a relay restarted after a SIGKILL, applying the same
 * decision change nothing the second time; the triggers of V11 refuse any transition that is not forward.
 */
final class RolloutSql {

    private RolloutSql() {
    }

    static final String RELEASE_EXISTS = "SELECT 1 FROM releases WHERE version = $1";
    static final String SITES_OF_PARTNER = "SELECT id FROM sites WHERE id = ANY($1::text[]) AND partner_id = $2";
    static final String APPROVAL = "SELECT approval_required FROM partner_rollout_settings WHERE partner_id = $1";
    static final String SET_APPROVAL = """
            INSERT INTO partner_rollout_settings (partner_id, approval_required) VALUES ($1, $2)
            ON CONFLICT (partner_id) DO UPDATE SET approval_required = EXCLUDED.approval_required
            """;

    /** Targets in a stable order (site, then appliance), so that the same spec splits the same way. */
    static final String TARGETS_ALL = """
            SELECT a.id FROM appliances a JOIN sites s ON s.id = a.site_id
            WHERE s.partner_id = $1 AND a.ended_at IS NULL ORDER BY a.site_id, a.id
            """;
    static final String TARGETS_SITES = """
            SELECT a.id FROM appliances a JOIN sites s ON s.id = a.site_id
            WHERE s.partner_id = $1 AND a.site_id = ANY($2::text[]) AND a.ended_at IS NULL ORDER BY a.site_id, a.id
            """;
    static final String TARGETS_TAG = """
            SELECT a.id FROM appliances a JOIN sites s ON s.id = a.site_id JOIN appliance_tags t ON t.appliance_id = a.id
            WHERE s.partner_id = $1 AND t.tag = $2 AND a.ended_at IS NULL ORDER BY a.site_id, a.id
            """;
    static final String BUSY = """
            SELECT appliance_id, rollout_id FROM rollout_targets WHERE active AND appliance_id = ANY($1::text[])
            ORDER BY appliance_id LIMIT 1
            """;

    static final String INSERT_ROLLOUT = """
            INSERT INTO rollouts (id, partner_id, release_version, status, report_timeout_seconds, created_by)
            VALUES ($1, $2, $3, $4, $5, $6)
            """;
    static final String INSERT_GROUP = """
            INSERT INTO rollout_groups (rollout_id, position, success_threshold, error_threshold, soak_seconds)
            VALUES ($1, $2, $3, $4, $5)
            """;
    static final String INSERT_TARGET = "INSERT INTO rollout_targets (rollout_id, appliance_id, position) VALUES ($1, $2, $3)";
    static final String INSERT_EVENT = "INSERT INTO rollout_events (rollout_id, kind, detail) VALUES ($1, $2, $3)";

    /** $1 id or null for every rollout, $2 partner or null for any. */
    static final String ROLLOUTS = """
            SELECT id, partner_id, release_version, status, reason, report_timeout_seconds, created_at FROM rollouts
            WHERE ($1::text IS NULL OR id = $1) AND ($2::text IS NULL OR partner_id = $2)
            ORDER BY created_at DESC, id LIMIT 1000
            """;
    static final String RUNNING = "SELECT id FROM rollouts WHERE status = 'running' ORDER BY created_at";
    static final String GROUPS = """
            SELECT g.rollout_id, g.position, g.success_threshold, g.error_threshold, g.soak_seconds, g.status,
                g.started_at, g.succeeded_at, g.done_at,
                count(t.appliance_id) FILTER (WHERE t.state <> 'skipped') AS total,
                count(t.appliance_id) FILTER (WHERE t.state = 'pending') AS pending,
                count(t.appliance_id) FILTER (WHERE t.state = 'ordered') AS ordered,
                count(t.appliance_id) FILTER (WHERE t.state = 'committed') AS committed,
                count(t.appliance_id) FILTER (WHERE t.state IN ('failed', 'rolled-back', 'timed-out')) AS failed,
                count(t.appliance_id) FILTER (WHERE t.state = 'skipped') AS skipped
            FROM rollout_groups g LEFT JOIN rollout_targets t ON t.rollout_id = g.rollout_id AND t.position = g.position
            WHERE g.rollout_id = ANY($1::text[])
            GROUP BY g.rollout_id, g.position ORDER BY g.rollout_id, g.position
            """;

    static final String START_GROUP = """
            UPDATE rollout_groups SET status = 'running', started_at = now()
            WHERE rollout_id = $1 AND position = $2 AND status = 'scheduled'
            """;
    static final String SOAK_GROUP = """
            UPDATE rollout_groups SET status = 'soaking', succeeded_at = now()
            WHERE rollout_id = $1 AND position = $2 AND status = 'running'
            """;
    static final String FINISH_GROUP = """
            UPDATE rollout_groups SET status = 'done', done_at = now(), succeeded_at = COALESCE(succeeded_at, now())
            WHERE rollout_id = $1 AND position = $2 AND status IN ('running', 'soaking')
            """;
    static final String FINISH = "UPDATE rollouts SET status = 'finished' WHERE id = $1 AND status = 'running'";

    /**
     * The rollout pauses at the error threshold, and the partner is mailed through the alert outbox: an incident of
     * the first failed appliance of the group (runbook {@code ROLLOUT-PAUSED}) with an alert to its site's address or
     * the relay's default ($4). All in one statement: a pause is never recorded without its mail, nor mailed twice
     * (the guarded UPDATE finds nothing the second time). $1 rollout, $2 reason, $3 group.
     */
    static final String PAUSE_AT_THRESHOLD = """
            WITH p AS (
                UPDATE rollouts SET status = 'paused', reason = $2 WHERE id = $1 AND status = 'running'
                RETURNING id, release_version
            ), f AS (
                SELECT t.appliance_id, a.site_id, s.alert_email FROM p
                JOIN rollout_targets t ON t.rollout_id = p.id AND t.position = $3
                    AND t.state IN ('failed', 'rolled-back', 'timed-out')
                JOIN appliances a ON a.id = t.appliance_id JOIN sites s ON s.id = a.site_id
                ORDER BY t.settled_at, t.appliance_id LIMIT 1
            ), i AS (
                INSERT INTO incidents (appliance_id, id, site_id, host, runbook_id, runbook_version, severity, reason,
                                       summary, observed, raised_at, evidence_seq)
                SELECT f.appliance_id, 'rollout-' || p.id || '-' || (extract(epoch FROM clock_timestamp()) * 1000)::bigint,
                    f.site_id, 'relay', 'ROLLOUT-PAUSED', 1, 'high', $2,
                    'Rollout ' || p.id || ' of release ' || p.release_version || ' paused at group ' || $3,
                    jsonb_build_object('rolloutId', p.id, 'release', p.release_version, 'group', $3), now(), 0
                FROM p CROSS JOIN f
                RETURNING appliance_id, id
            )
            INSERT INTO alerts (appliance_id, incident_id, recipient)
            SELECT i.appliance_id, i.id, COALESCE(f.alert_email, $4::text) FROM i CROSS JOIN f
            WHERE COALESCE(f.alert_email, $4::text) IS NOT NULL
            """;

    static final String TIMEOUTS = """
            UPDATE rollout_targets t SET state = 'timed-out', settled_at = now(),
                reason = 'no settled update state within ' || r.report_timeout_seconds || ' s of the order'
            FROM rollouts r
            WHERE r.id = t.rollout_id AND r.status = 'running' AND t.state = 'ordered'
              AND t.ordered_at < now() - make_interval(secs => r.report_timeout_seconds)
            RETURNING t.rollout_id
            """;
    /** Appliances an order may be due to: pending in a running group of a running rollout (the check-in's OFFER). */
    static final String ACTIVE_APPLIANCES = """
            SELECT t.appliance_id FROM rollout_targets t JOIN rollouts r ON r.id = t.rollout_id AND r.status = 'running'
            JOIN rollout_groups g ON g.rollout_id = t.rollout_id AND g.position = t.position AND g.status = 'running'
            WHERE t.active AND t.state = 'pending'
            """;

    static final String OPERATOR_PAUSE = """
            UPDATE rollouts SET status = 'paused', reason = $3
            WHERE id = $1 AND ($2::text IS NULL OR partner_id = $2) AND status = 'running'
            """;
    static final String APPROVE = """
            UPDATE rollouts SET status = 'running', approved_by = $3
            WHERE id = $1 AND ($2::text IS NULL OR partner_id = $2) AND status = 'awaiting-approval'
            """;
    static final String RESUME = """
            UPDATE rollouts SET status = 'running', reason = ''
            WHERE id = $1 AND ($2::text IS NULL OR partner_id = $2) AND status = 'paused'
            """;
    static final String SKIP = """
            UPDATE rollout_targets SET state = 'skipped', active = false, settled_at = COALESCE(settled_at, now()),
                reason = $3
            WHERE rollout_id = $1 AND appliance_id = ANY($2::text[])
              AND state IN ('pending', 'ordered', 'failed', 'rolled-back', 'timed-out')
            RETURNING appliance_id
            """;
    static final String WITHDRAW_SKIPPED_ORDERS = """
            UPDATE orders o SET acked_at = now() FROM rollout_targets t
            WHERE t.rollout_id = $1 AND t.appliance_id = ANY($2::text[]) AND o.id = t.order_id AND o.acked_at IS NULL
            """;
    static final String ABORT = """
            UPDATE rollouts SET status = 'aborted', reason = $3
            WHERE id = $1 AND ($2::text IS NULL OR partner_id = $2) AND status IN ('awaiting-approval', 'running', 'paused')
            """;

    /**
     * At a check-in of an appliance with a pending target: the update order, issued only while its rollout and
     * group run and its site's maintenance window is open. The order carries what the appliance's updater reads
     * ({@code UpdateRequest}) and the rollout's id; the image URL is the release's, or this relay's ($3: the base
     * URL the appliance reached). Row-locked, so two check-ins of one appliance at once issue one order.
     * $1 appliance, $2 new order id, $3 relay base URL.
     */
    static final String OFFER = """
            WITH due AS (
                SELECT t.rollout_id, t.appliance_id, rel.version, rel.size, rel.sha256, rel.manifest, rel.signature,
                    COALESCE(rel.url, $3 || '/api/releases/' || rel.version || '/image') AS url
                FROM rollout_targets t
                JOIN rollouts r ON r.id = t.rollout_id AND r.status = 'running'
                JOIN rollout_groups g ON g.rollout_id = t.rollout_id AND g.position = t.position AND g.status = 'running'
                JOIN releases rel ON rel.version = r.release_version
                JOIN appliances a ON a.id = t.appliance_id
                WHERE t.appliance_id = $1 AND t.active AND t.state = 'pending'
                  AND maintenance_window_open(a.site_id, now())
                FOR UPDATE OF t
            ), o AS (
                INSERT INTO orders (id, appliance_id, kind, payload)
                SELECT $2, due.appliance_id, 'update', jsonb_build_object('version', due.version, 'url', due.url,
                    'size', due.size, 'sha256', due.sha256, 'manifest', due.manifest, 'signature', due.signature,
                    'rolloutId', due.rollout_id)
                FROM due RETURNING id
            )
            UPDATE rollout_targets x SET state = 'ordered', order_id = (SELECT id FROM o), ordered_at = now()
            FROM due WHERE x.rollout_id = due.rollout_id AND x.appliance_id = due.appliance_id
            RETURNING x.rollout_id
            """;

    /**
     * A settled update state ($3: committed, rolled-back or failed) of the release the appliance's active target is
     * ordered to install ($4), from a report newer than the last one counted ($2 > report_seq: a re-sent report is
     * counted once) and not older than the order (less $6 of clock tolerance): a failure left from an earlier update
     * of the same version does not count. $5 rollout named by the report, or null.
     */
    static final String SETTLE = """
            UPDATE rollout_targets t SET state = $3, report_seq = $2, reason = $7, settled_at = now()
            FROM rollouts r
            WHERE t.appliance_id = $1 AND t.active AND t.state = 'ordered' AND t.report_seq < $2
              AND r.id = t.rollout_id AND r.release_version = $4 AND ($5::text IS NULL OR t.rollout_id = $5)
              AND $8::timestamptz >= t.ordered_at - make_interval(secs => $6)
            RETURNING t.rollout_id, t.position
            """;
    static final String IN_ROLLOUT = "SELECT 1 FROM rollout_targets WHERE rollout_id = $1 AND appliance_id = $2";
    static final String STORE_STATE = """
            INSERT INTO appliance_update_state (appliance_id, report_seq, state, version, reason, rollout_id, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            ON CONFLICT (appliance_id) DO UPDATE SET report_seq = EXCLUDED.report_seq, state = EXCLUDED.state,
                version = EXCLUDED.version, reason = EXCLUDED.reason, rollout_id = EXCLUDED.rollout_id,
                updated_at = EXCLUDED.updated_at, received_at = now()
            WHERE appliance_update_state.report_seq < EXCLUDED.report_seq
            """;

    static final String SET_WINDOW = """
            INSERT INTO site_maintenance_windows (site_id, time_zone, days, start_minute, end_minute)
            SELECT s.id, $3, $4, $5, $6 FROM sites s WHERE s.id = $1 AND ($2::text IS NULL OR s.partner_id = $2)
            ON CONFLICT (site_id) DO UPDATE SET time_zone = EXCLUDED.time_zone, days = EXCLUDED.days,
                start_minute = EXCLUDED.start_minute, end_minute = EXCLUDED.end_minute
            RETURNING site_id
            """;
    static final String CLEAR_WINDOW = """
            DELETE FROM site_maintenance_windows w USING sites s
            WHERE w.site_id = $1 AND s.id = w.site_id AND ($2::text IS NULL OR s.partner_id = $2)
            """;
    static final String TAG = """
            INSERT INTO appliance_tags (appliance_id, tag)
            SELECT a.id, $3 FROM appliances a JOIN sites s ON s.id = a.site_id
            WHERE a.id = $1 AND ($2::text IS NULL OR s.partner_id = $2)
            ON CONFLICT DO NOTHING
            RETURNING appliance_id
            """;
    static final String SITE_VISIBLE = "SELECT 1 FROM sites WHERE id = $1 AND ($2::text IS NULL OR partner_id = $2)";
    static final String APPLIANCE_VISIBLE = """
            SELECT 1 FROM appliances a JOIN sites s ON s.id = a.site_id WHERE a.id = $1 AND ($2::text IS NULL OR s.partner_id = $2)
            """;
    static final String EVENTS = """
            SELECT kind, position, appliance_id, detail, at FROM rollout_events WHERE rollout_id = $1 ORDER BY id
            """;
}
