-- Check-in reports the relay refused as malformed (400, 413, 422, issue 15): moved out of the outbox so they no longer
-- block the reports behind them, and kept, never sent again, so that a person can see what was refused and why.
-- incidents: JSON array of the ids of the incidents the report carried, held: those that need a person (the refusal
-- named them, or they were refused once before), the others were handed back to the next report.
CREATE TABLE outbox_set_aside (
    seq            INTEGER PRIMARY KEY,
    made_at_ms     INTEGER NOT NULL,
    body           TEXT    NOT NULL,
    refused_at_ms  INTEGER NOT NULL,
    status         INTEGER NOT NULL,
    error          TEXT    NOT NULL,
    incidents      TEXT    NOT NULL,
    held           TEXT    NOT NULL
);
