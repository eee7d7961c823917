package dev.osiris.relay.store;

/** Every statement of {@link PgCheckinStore}, in one place (schema: V1, V2, V6, V8 and V10 migrations). */
final class CheckinSql {

    private CheckinSql() {
    }

    /**
     * The start of the pending-order and pending-resolution lookups of {@link #RECORD} and {@link #RECORD_PLAIN}
     * (each adds its own conditions): one JSON array each, NULL when nothing is pending.
     */
    private static final String ORDERS_DUE = """
                SELECT json_agg(json_build_object('id', o.id, 'type', o.kind, 'payload', o.payload,
                        'issuedAtMillis', (extract(epoch FROM o.created_at) * 1000)::bigint) ORDER BY o.created_at)
                    AS orders
                FROM orders o, before
            """;
    private static final String RESOLUTIONS_DUE = """
                SELECT json_agg(json_build_object('incidentId', i.id, 'action', i.resolution_action,
                        'runbookId', i.resolution_runbook_id, 'note', i.resolution_note, 'resolvedBy', i.resolved_by,
                        'resolvedAtMicros', (extract(epoch FROM i.resolved_at) * 1000000)::bigint)
                        ORDER BY i.resolved_at) AS resolutions
                FROM incidents i, before
            """;

    /**
     * One check-in, all or nothing: one statement is one transaction, so a report whose incidents cannot be
     * stored leaves no report row behind (which would otherwise make every re-send a silent duplicate while the
     * incident is lost).
     *
     * <p>Data-modifying CTEs all run once, against the statement's snapshot: the pending-order and
     * pending-resolution queries therefore exclude the ids acknowledged by this very report, {@code before} reads
     * the appliance row as it was before {@code app} raised its counters, and the alerts' foreign key is checked at
     * the statement's end, after the incidents it refers to are in. Nothing is written for an appliance that no
     * longer exists (no {@code app} row). Parameters: $1 appliance, $2 seq, $3 sentAt, $4 agentVersion, $5 uptime,
     * $6 bootPartition, $7 status, $8 statusDetail, $9 scan, $10/$11 evidence head, $12 acked orders,
     * $13 compliance, $14 incidents (JSON array), $15 acked resolutions, $16 default alert recipient,
     * $17 transports (JSON array: each target's transport security, kept per report and, from the latest report,
     * per appliance), $18 clock (the appliance's clock report, or NULL; kept the same way), $19 the report's state
     * digest ({@link HistoryDigest}). The latest compliance report is kept on the appliance row as well (its current
     * state), so that {@link #DELETE_HISTORY} may drop old reports. This report is always written to the history (it
     * carries incidents or acknowledgements). Pending orders and resolutions are looked up only when the appliance's
     * {@code pending_gen} is above the generation the last check-in that found nothing saw (V18); one that finds
     * nothing now records the generation of its snapshot, so an order committed meanwhile stays pending.
     */
    static final String RECORD = """
            WITH before AS (
                SELECT credentials_seq, last_seq, pending_gen, pending_gen > pending_seen AS pending
                FROM appliances WHERE id = $1
            ), orders_due AS (
            """ + ORDERS_DUE + """
                WHERE before.pending AND o.appliance_id = $1 AND o.acked_at IS NULL AND NOT (o.id = ANY($12::text[]))
            ), resolutions_due AS (
            """ + RESOLUTIONS_DUE + """
                WHERE before.pending AND i.appliance_id = $1 AND i.resolved_at IS NOT NULL
                  AND i.resolution_acked_at IS NULL AND NOT (i.id = ANY($15::text[]))
            ), app AS (
                UPDATE appliances a SET last_checkin_at = now(),
                    agent_version = CASE WHEN $2 >= a.last_seq THEN $4 ELSE a.agent_version END,
                    status = CASE WHEN $2 >= a.last_seq THEN $7 ELSE a.status END,
                    transports = CASE WHEN $2 >= a.last_seq THEN $17::text::jsonb ELSE a.transports END,
                    clock = CASE WHEN $2 >= a.last_seq THEN $18::text::jsonb ELSE a.clock END,
                    compliance = CASE WHEN $2 >= a.last_seq AND $13::text IS NOT NULL THEN $13::text::jsonb
                        ELSE a.compliance END,
                    compliance_at = CASE WHEN $2 >= a.last_seq AND $13::text IS NOT NULL THEN now()
                        ELSE a.compliance_at END,
                    last_seq = GREATEST(a.last_seq, $2),
                    credentials_seq = GREATEST(a.credentials_seq, $2),
                    history_digest = CASE WHEN $2 >= before.last_seq THEN $19 ELSE a.history_digest END,
                    history_at = CASE WHEN $2 >= before.last_seq THEN now() ELSE a.history_at END,
                    pending_seen = CASE WHEN orders_due.orders IS NULL AND resolutions_due.resolutions IS NULL
                        THEN before.pending_gen ELSE a.pending_seen END
                FROM before, orders_due, resolutions_due
                WHERE a.id = $1 AND a.key_revoked_at IS NULL
                RETURNING a.id, a.site_id, a.evidence_seq, a.evidence_hash, before.credentials_seq < $2 AS credentials_due
            ), ins AS (
                INSERT INTO checkins (appliance_id, seq, sent_at, agent_version, uptime_seconds, boot_partition,
                                      status, status_detail, scan, evidence_head_seq, evidence_head_hash, compliance,
                                      transports, clock)
                SELECT app.id, $2, $3, $4, $5, $6, $7, $8, $9::text::jsonb, $10, $11, $13::text::jsonb,
                    $17::text::jsonb, $18::text::jsonb FROM app
                ON CONFLICT (appliance_id, seq) DO NOTHING
                RETURNING 1
            ), acked AS (
                UPDATE orders SET acked_at = now()
                WHERE appliance_id = $1 AND acked_at IS NULL AND id = ANY($12::text[])
                RETURNING id
            ), site AS (
                SELECT s.alert_email, s.alert_policy FROM app JOIN sites s ON s.id = app.site_id
            ), given AS (
                SELECT DISTINCT ON (g.id) g.*
                FROM jsonb_to_recordset($14::text::jsonb) AS g(id text, host text, "runbookId" text,
                    "runbookVersion" integer, severity text, reason text, summary text, observed jsonb,
                    "raisedAt" timestamptz, "evidenceSeq" bigint)
            ), inc AS (
                INSERT INTO incidents (appliance_id, id, site_id, host, runbook_id, runbook_version, severity, reason,
                                       summary, observed, raised_at, evidence_seq)
                SELECT app.id, g.id, app.site_id, g.host, g."runbookId", g."runbookVersion", g.severity, g.reason,
                       g.summary, g.observed, g."raisedAt", g."evidenceSeq"
                FROM given g CROSS JOIN app
                ON CONFLICT (appliance_id, id) DO NOTHING
                RETURNING appliance_id, id, severity
            ), alerted AS (
                INSERT INTO alerts (appliance_id, incident_id, recipient)
                SELECT inc.appliance_id, inc.id, COALESCE(site.alert_email, $16::text)
                FROM inc CROSS JOIN site
                WHERE COALESCE(site.alert_email, $16::text) IS NOT NULL
                  AND (inc.severity = 'critical' OR site.alert_policy = 'all')
                ON CONFLICT DO NOTHING
                RETURNING 1
            ), taken AS (
                UPDATE incidents SET resolution_acked_at = now()
                WHERE appliance_id = $1 AND id = ANY($15::text[])
                  AND resolved_at IS NOT NULL AND resolution_acked_at IS NULL
                RETURNING 1
            )
            SELECT app.evidence_seq, app.evidence_hash, app.credentials_due, orders_due.orders,
                resolutions_due.resolutions
            FROM app, orders_due, resolutions_due
            """;

    /**
     * {@link #RECORD} for the common report that acknowledges nothing and raises no incident: the same effects on the
     * appliance row and the history, without the statements that would find nothing to do (the profile: PostgreSQL
     * spent twice the naive anchor's CPU per check-in on the full statement). Parameters: $1 appliance, $2 seq,
     * $3 sentAt, $4 agentVersion, $5 uptime, $6 bootPartition, $7 status, $8 statusDetail, $9 scan, $10/$11 evidence
     * head, $12 compliance, $13 transports, $14 clock, $15 the report's state digest ({@link HistoryDigest}), $16 the
     * minimum interval of history rows in seconds.
     *
     * <p>History on change (V18): the report goes into the history only when its state digest differs from the one
     * of the last report written there, or that one is older than $16, or it is older than the appliance's latest
     * (a late report from the outbox); the appliance row takes every report. A steady fleet therefore writes one
     * history row per appliance per interval instead of one per check-in, and a report re-sent is never written
     * twice (same digest, or the (appliance, seq) key). Pending orders and resolutions: as in {@link #RECORD}.
     */
    static final String RECORD_PLAIN = """
            WITH before AS (
                SELECT credentials_seq, last_seq, pending_gen, pending_gen > pending_seen AS pending,
                    ($2 < last_seq OR history_digest IS DISTINCT FROM $15 OR history_at IS NULL
                     OR history_at <= now() - $16::integer * interval '1 second') AS write_history
                FROM appliances WHERE id = $1
            ), orders_due AS (
            """ + ORDERS_DUE + """
                WHERE before.pending AND o.appliance_id = $1 AND o.acked_at IS NULL
            ), resolutions_due AS (
            """ + RESOLUTIONS_DUE + """
                WHERE before.pending AND i.appliance_id = $1 AND i.resolved_at IS NOT NULL
                  AND i.resolution_acked_at IS NULL
            ), app AS (
                UPDATE appliances a SET last_checkin_at = now(),
                    agent_version = CASE WHEN $2 >= a.last_seq THEN $4 ELSE a.agent_version END,
                    status = CASE WHEN $2 >= a.last_seq THEN $7 ELSE a.status END,
                    transports = CASE WHEN $2 >= a.last_seq THEN $13::text::jsonb ELSE a.transports END,
                    clock = CASE WHEN $2 >= a.last_seq THEN $14::text::jsonb ELSE a.clock END,
                    compliance = CASE WHEN $2 >= a.last_seq AND $12::text IS NOT NULL THEN $12::text::jsonb
                        ELSE a.compliance END,
                    compliance_at = CASE WHEN $2 >= a.last_seq AND $12::text IS NOT NULL THEN now()
                        ELSE a.compliance_at END,
                    last_seq = GREATEST(a.last_seq, $2),
                    credentials_seq = GREATEST(a.credentials_seq, $2),
                    history_digest = CASE WHEN before.write_history AND $2 >= before.last_seq THEN $15
                        ELSE a.history_digest END,
                    history_at = CASE WHEN before.write_history AND $2 >= before.last_seq THEN now()
                        ELSE a.history_at END,
                    pending_seen = CASE WHEN orders_due.orders IS NULL AND resolutions_due.resolutions IS NULL
                        THEN before.pending_gen ELSE a.pending_seen END
                FROM before, orders_due, resolutions_due
                WHERE a.id = $1 AND a.key_revoked_at IS NULL
                RETURNING a.id, a.evidence_seq, a.evidence_hash, before.credentials_seq < $2 AS credentials_due,
                    before.write_history
            ), ins AS (
                INSERT INTO checkins (appliance_id, seq, sent_at, agent_version, uptime_seconds, boot_partition,
                                      status, status_detail, scan, evidence_head_seq, evidence_head_hash, compliance,
                                      transports, clock)
                SELECT app.id, $2, $3, $4, $5, $6, $7, $8, $9::text::jsonb, $10, $11, $12::text::jsonb,
                    $13::text::jsonb, $14::text::jsonb FROM app WHERE app.write_history
                ON CONFLICT (appliance_id, seq) DO NOTHING
                RETURNING 1
            )
            SELECT app.evidence_seq, app.evidence_hash, app.credentials_due, orders_due.orders,
                resolutions_due.resolutions
            FROM app, orders_due, resolutions_due
            """;

    // The site row is selected on its own so that an unknown site (404) differs from a site without a report. It
    // reads the appliances' current state, not the history, which the retention job thins out.
    static final String COMPLIANCE = """
            SELECT s.id,
                (SELECT a.compliance::text FROM appliances a
                 WHERE a.site_id = s.id AND a.compliance IS NOT NULL
                 ORDER BY a.compliance_at DESC, a.last_seq DESC LIMIT 1) AS compliance
            FROM sites s WHERE s.id = $1 AND ($2::text IS NULL OR s.partner_id = $2)
            """;

    /**
     * One slice of the retention job: deletes up to $2 history rows received before $1, oldest first, so that one
     * run never holds a long transaction over a large table, and answers how many. The appliances' current state is
     * not touched, except that an appliance whose last history row went forgets that row's state digest: its next
     * report is written to the history again whatever it says (history on change must not leave an appliance with
     * no row at all).
     */
    static final String DELETE_HISTORY = """
            WITH gone AS (
                DELETE FROM checkins WHERE ctid IN (
                    SELECT ctid FROM checkins WHERE received_at < $1 ORDER BY received_at LIMIT $2)
                RETURNING appliance_id
            ), forgotten AS (
                UPDATE appliances a SET history_digest = NULL
                WHERE a.id IN (SELECT appliance_id FROM gone) AND a.history_at < $1
                RETURNING 1
            )
            SELECT count(*) AS dropped FROM gone
            """;
}
