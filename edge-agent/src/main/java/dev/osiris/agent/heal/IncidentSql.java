package dev.osiris.agent.heal;

/** Every statement of {@link SqliteIncidentStore}, in one place (schema: V2__healing.sql, target ids since V7). */
final class IncidentSql {

    // incidents raised before V7 carry no target id ('') and belong to whichever target has their host
    static final String OPEN_INCIDENT = "SELECT 1 FROM incidents WHERE runbook_id = ? AND resolution_done = 0 "
            + "AND (target_id = ? OR (target_id = '' AND host = ?)) LIMIT 1";
    static final String INSERT_INCIDENT = "INSERT INTO incidents (id, target_id, host, runbook_id, signature, status, body, "
            + "raised_at_ms) VALUES (?, ?, ?, ?, ?, 'open', ?, ?)";
    static final String UNREPORTED = "SELECT target_id, body FROM incidents WHERE reported = 0 ORDER BY raised_at_ms, id";
    static final String MARK_REPORTED = "UPDATE incidents SET reported = 1 WHERE reported = 0";
    static final String REQUEUE_INCIDENT = "UPDATE incidents SET reported = 0 WHERE id = ?";
    static final String REQUEUE_ACK = "UPDATE incidents SET acked = 0 WHERE id = ? AND resolution_done = 1";
    static final String UNACKED = "SELECT id FROM incidents WHERE resolution_done = 1 AND acked = 0 ORDER BY id";
    static final String MARK_ACKED = "UPDATE incidents SET acked = 1 WHERE resolution_done = 1 AND acked = 0";
    static final String SET_RESOLUTION = "UPDATE incidents SET resolution = ?, status = 'resolved' WHERE id = ? AND resolution IS NULL";
    static final String UNKNOWN_RESOLVED = "INSERT OR IGNORE INTO incidents (id, host, runbook_id, signature, status, body, "
            + "reported, resolution, resolution_done, acked, raised_at_ms) VALUES (?, '', '', '', 'resolved', '{}', 1, ?, 1, 0, 0)";
    static final String PENDING_RESOLUTIONS = "SELECT id, target_id, host, runbook_id, signature, resolution FROM incidents "
            + "WHERE resolution IS NOT NULL AND resolution_done = 0 ORDER BY raised_at_ms";
    static final String RESOLUTION_DONE = "UPDATE incidents SET resolution_done = 1 WHERE id = ?";
    // a row with no runbook only acknowledges a resolution of an incident this database never raised
    static final String INCIDENTS = "SELECT target_id, body, status, reported, resolution, resolution_done FROM incidents "
            + "WHERE runbook_id <> '' ORDER BY raised_at_ms DESC";

    private IncidentSql() {
    }
}
