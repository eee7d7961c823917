package dev.osiris.relay.store;

/** Every statement of {@link PgCheckinStore}, in one place (schema: V1, V2, V6, V8 and V10 migrations). */
final class CheckinSql {

    private CheckinSql() {
    }

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
     * per appliance), $18 clock (the appliance's clock report, or NULL; kept the same way). The latest compliance report is kept on the appliance row as well (its current state), so that
     * {@link #DELETE_HISTORY} may drop old reports.
     */
    static final String RECORD = """
            WITH before AS (
                SELECT credentials_seq FROM appliances WHERE id = $1
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
                    credentials_seq = GREATEST(a.credentials_seq, $2)
                FROM before
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
            SELECT app.evidence_seq, app.evidence_hash, app.credentials_due,
                (SELECT json_agg(json_build_object('id', o.id, 'type', o.kind, 'payload', o.payload,
                        'issuedAtMillis', (extract(epoch FROM o.created_at) * 1000)::bigint) ORDER BY o.created_at)
                 FROM orders o
                 WHERE o.appliance_id = $1 AND o.acked_at IS NULL AND NOT (o.id = ANY($12::text[]))) AS orders,
                (SELECT json_agg(json_build_object('incidentId', i.id, 'action', i.resolution_action,
                        'runbookId', i.resolution_runbook_id, 'note', i.resolution_note, 'resolvedBy', i.resolved_by,
                        'resolvedAtMicros', (extract(epoch FROM i.resolved_at) * 1000000)::bigint)
                        ORDER BY i.resolved_at)
                 FROM incidents i
                 WHERE i.appliance_id = $1 AND i.resolved_at IS NOT NULL AND i.resolution_acked_at IS NULL
                   AND NOT (i.id = ANY($15::text[]))) AS resolutions
            FROM app
            """;

    /**
     * {@link #RECORD} for the common report that acknowledges nothing and raises no incident: the same effects on the
     * appliance row and the history, without the statements that would find nothing to do (the profile: PostgreSQL
     * spent twice the naive anchor's CPU per check-in on the full statement). Parameters: $1 appliance, $2 seq,
     * $3 sentAt, $4 agentVersion, $5 uptime, $6 bootPartition, $7 status, $8 statusDetail, $9 scan, $10/$11 evidence
     * head, $12 compliance, $13 transports, $14 clock.
     */
    static final String RECORD_PLAIN = """
            WITH before AS (
                SELECT credentials_seq FROM appliances WHERE id = $1
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
                    credentials_seq = GREATEST(a.credentials_seq, $2)
                FROM before
                WHERE a.id = $1 AND a.key_revoked_at IS NULL
                RETURNING a.id, a.evidence_seq, a.evidence_hash, before.credentials_seq < $2 AS credentials_due
            ), ins AS (
                INSERT INTO checkins (appliance_id, seq, sent_at, agent_version, uptime_seconds, boot_partition,
                                      status, status_detail, scan, evidence_head_seq, evidence_head_hash, compliance,
                                      transports, clock)
                SELECT app.id, $2, $3, $4, $5, $6, $7, $8, $9::text::jsonb, $10, $11, $12::text::jsonb,
                    $13::text::jsonb, $14::text::jsonb FROM app
                ON CONFLICT (appliance_id, seq) DO NOTHING
                RETURNING 1
            )
            SELECT app.evidence_seq, app.evidence_hash, app.credentials_due,
                (SELECT json_agg(json_build_object('id', o.id, 'type', o.kind, 'payload', o.payload,
                        'issuedAtMillis', (extract(epoch FROM o.created_at) * 1000)::bigint) ORDER BY o.created_at)
                 FROM orders o WHERE o.appliance_id = $1 AND o.acked_at IS NULL) AS orders,
                (SELECT json_agg(json_build_object('incidentId', i.id, 'action', i.resolution_action,
                        'runbookId', i.resolution_runbook_id, 'note', i.resolution_note, 'resolvedBy', i.resolved_by,
                        'resolvedAtMicros', (extract(epoch FROM i.resolved_at) * 1000000)::bigint)
                        ORDER BY i.resolved_at)
                 FROM incidents i
                 WHERE i.appliance_id = $1 AND i.resolved_at IS NOT NULL AND i.resolution_acked_at IS NULL) AS resolutions
            FROM app
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
     * run never holds a long transaction over a large table. The appliances' current state is not touched.
     */
    static final String DELETE_HISTORY = """
            DELETE FROM checkins WHERE ctid IN (
                SELECT ctid FROM checkins WHERE received_at < $1 ORDER BY received_at LIMIT $2)
            """;
}
