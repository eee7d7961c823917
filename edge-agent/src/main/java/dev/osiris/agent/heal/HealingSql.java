package dev.osiris.agent.heal;

/** Every statement of {@link SqliteHealingStore}, in one place (schema: V2__healing.sql). */
final class HealingSql {

    static final String UPSERT_STATE = "INSERT INTO drift_state (target_id, host, runbook_id, runbook_version, status, summary, "
            + "at_ms) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (target_id, runbook_id) DO UPDATE SET host = excluded.host, "
            + "runbook_version = excluded.runbook_version, status = excluded.status, summary = excluded.summary, "
            + "at_ms = excluded.at_ms";
    static final String STATES = "SELECT target_id, host, runbook_id, runbook_version, status, summary, at_ms FROM drift_state "
            + "ORDER BY target_id, runbook_id";
    static final String RESOLUTIONS = "SELECT runbook_id, signature, remedy_id, successes, failures, promoted_at_ms FROM resolutions";
    static final String UPSERT_RESOLUTION = "INSERT INTO resolutions (runbook_id, signature, remedy_id, successes, failures, promoted_at_ms) "
            + "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (runbook_id, signature, remedy_id) DO UPDATE SET successes = excluded.successes, "
            + "failures = excluded.failures, promoted_at_ms = CASE WHEN excluded.promoted_at_ms IS NULL THEN NULL "
            + "ELSE coalesce(resolutions.promoted_at_ms, excluded.promoted_at_ms) END";
    static final String INSERT_HEAL = "INSERT INTO flap_heals (target_id, runbook_id, at_ms) VALUES (?, ?, ?)";
    static final String PRUNE_HEALS = "DELETE FROM flap_heals WHERE target_id = ? AND runbook_id = ? AND at_ms < ?";
    static final String RESET_HEALS = "DELETE FROM flap_heals WHERE target_id = ? AND runbook_id = ?";
    static final String HEALS_SINCE = "SELECT target_id, runbook_id, at_ms FROM flap_heals WHERE at_ms >= ? ORDER BY at_ms";
    static final String UPSERT_REACH = "INSERT INTO target_reach (target_id, reached, at_ms) VALUES (?, ?, ?) "
            + "ON CONFLICT (target_id) DO UPDATE SET reached = excluded.reached, at_ms = excluded.at_ms";
    static final String REACHES = "SELECT target_id, reached FROM target_reach";

    private HealingSql() {
    }
}
