-- Latest verdict per host and runbook: what compliance scoring and `agent compliance` read.
CREATE TABLE drift_state (
    host            TEXT    NOT NULL,
    runbook_id      TEXT    NOT NULL,
    runbook_version INTEGER NOT NULL,
    status          TEXT    NOT NULL,
    summary         TEXT    NOT NULL,
    at_ms           INTEGER NOT NULL,
    PRIMARY KEY (host, runbook_id)
);
-- The learning flywheel: how each remedy fared on each drift pattern, promoted rows are L1 rules.
CREATE TABLE resolutions (
    runbook_id      TEXT    NOT NULL,
    signature       TEXT    NOT NULL,
    remedy_id       TEXT    NOT NULL,
    successes       INTEGER NOT NULL DEFAULT 0,
    failures        INTEGER NOT NULL DEFAULT 0,
    promoted_at_ms  INTEGER,
    PRIMARY KEY (runbook_id, signature, remedy_id)
);
-- Escalations to a human. body is the incident as sent to the relay (scrubbed JSON), reported once it is in an
-- outbox report, resolution is the operator's answer from a check-in, acked once the appliance acted on it.
CREATE TABLE incidents (
    id              TEXT    PRIMARY KEY,
    host            TEXT    NOT NULL,
    runbook_id      TEXT    NOT NULL,
    signature       TEXT    NOT NULL,
    status          TEXT    NOT NULL,
    body            TEXT    NOT NULL,
    reported        INTEGER NOT NULL DEFAULT 0,
    resolution      TEXT,
    resolution_done INTEGER NOT NULL DEFAULT 0,
    acked           INTEGER NOT NULL DEFAULT 0,
    raised_at_ms    INTEGER NOT NULL
);
CREATE INDEX incidents_open ON incidents (host, runbook_id) WHERE status = 'open';
