-- Evidence chain, one row per sealed record, seq is the chain position.
CREATE TABLE evidence (
    seq        INTEGER PRIMARY KEY,
    time_ms    INTEGER NOT NULL,
    host       TEXT    NOT NULL,
    check_id   TEXT    NOT NULL,
    kind       TEXT    NOT NULL,
    outcome    TEXT    NOT NULL,
    details    TEXT    NOT NULL,
    prev_hash  TEXT    NOT NULL,
    hash       TEXT    NOT NULL,
    signature  TEXT    NOT NULL
);
-- Counters and watermarks: uploadedThrough, checkinSeq.
CREATE TABLE sync_state (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
-- Check-in reports not yet accepted by the relay, sent in seq order.
CREATE TABLE outbox (
    seq        INTEGER PRIMARY KEY,
    made_at_ms INTEGER NOT NULL,
    body       TEXT    NOT NULL
);
