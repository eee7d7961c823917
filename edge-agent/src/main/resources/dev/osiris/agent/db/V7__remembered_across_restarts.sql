-- What the agent learned that a restart must not forget (issue 9, part 3).
-- SSH host keys trusted on first use, per host and port (what an OpenSSH known_hosts line holds): reloaded at start
-- so a known host stays known and a changed key stays refused.
CREATE TABLE known_hosts (
    host           TEXT    NOT NULL,
    port           INTEGER NOT NULL,
    fingerprint    TEXT    NOT NULL,
    trusted_at_ms  INTEGER NOT NULL,
    PRIMARY KEY (host, port)
);
-- Verified heals per target and runbook inside the flapping window (older rows are pruned as new ones arrive).
CREATE TABLE flap_heals (
    target_id   TEXT    NOT NULL,
    runbook_id  TEXT    NOT NULL,
    at_ms       INTEGER NOT NULL
);
CREATE INDEX flap_heals_check ON flap_heals (target_id, runbook_id, at_ms);
-- The latest verdict is kept per target (the relay's credential id), no longer per address: WinRM and SSH to one
-- machine, or two targets behind one address, each have their own. Rows from before keep their host under the
-- placeholder target id 'host:' followed by the host until that target's next scan replaces them.
CREATE TABLE drift_state_by_target (
    target_id       TEXT    NOT NULL,
    host            TEXT    NOT NULL,
    runbook_id      TEXT    NOT NULL,
    runbook_version INTEGER NOT NULL,
    status          TEXT    NOT NULL,
    summary         TEXT    NOT NULL,
    at_ms           INTEGER NOT NULL,
    PRIMARY KEY (target_id, runbook_id)
);
INSERT INTO drift_state_by_target (target_id, host, runbook_id, runbook_version, status, summary, at_ms)
    SELECT 'host:' || host, host, runbook_id, runbook_version, status, summary, at_ms FROM drift_state;
DROP TABLE drift_state;
ALTER TABLE drift_state_by_target RENAME TO drift_state;
-- Whether each target's last scan reached it, so that an unreachable target is recorded once per change, also
-- across a restart.
CREATE TABLE target_reach (
    target_id  TEXT    PRIMARY KEY,
    reached    INTEGER NOT NULL,
    at_ms      INTEGER NOT NULL
);
-- Incidents belong to the target they were raised on. Older ones have '' and are matched by their host.
ALTER TABLE incidents ADD COLUMN target_id TEXT NOT NULL DEFAULT '';
CREATE INDEX incidents_open_target ON incidents (target_id, runbook_id) WHERE status = 'open';
