package dev.osiris.agent.evidence;

/** The SQL of the evidence store, in one place. */
final class EvidenceSql {

    static final String COLUMNS = "seq, time_ms, host, check_id, kind, outcome, details, prev_hash, hash, signature";
    static final String INSERT = "INSERT INTO evidence (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    static final String LAST = "SELECT " + COLUMNS + " FROM evidence ORDER BY seq DESC LIMIT 1";
    static final String ONE = "SELECT " + COLUMNS + " FROM evidence WHERE seq = ?";
    static final String RANGE = "SELECT " + COLUMNS + " FROM evidence WHERE seq > ? ORDER BY seq LIMIT ?";
    static final String ALL = "SELECT " + COLUMNS + " FROM evidence ORDER BY seq";
    static final String COUNT = "SELECT count(*) FROM evidence";
    static final String STATE = "SELECT value FROM sync_state WHERE name = ?";
    static final String STATE_RAISE = "INSERT INTO sync_state (name, value) VALUES (?, ?)"
            + " ON CONFLICT(name) DO UPDATE SET value = max(value, excluded.value)";
    static final String STATE_SET = "INSERT INTO sync_state (name, value) VALUES (?, ?)"
            + " ON CONFLICT(name) DO UPDATE SET value = excluded.value";

    static final String UPLOADED_THROUGH = "uploadedThrough";
    /** Prefix of the versions of facts recorded once ({@link EvidenceStore#appendOnce}). */
    static final String ONCE = "once:";

    private EvidenceSql() {
    }
}
