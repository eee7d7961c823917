-- Osiris relay schema, version 2: drift detection and L3 escalation (issue 4).

-- What a site's appliances scan with, and who hears about its incidents.
ALTER TABLE sites
    ADD COLUMN scan_interval_seconds integer NOT NULL DEFAULT 900 CHECK (scan_interval_seconds BETWEEN 60 AND 86400),
    ADD COLUMN baseline jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(baseline) = 'object'),
    ADD COLUMN alert_email text CHECK (alert_email IS NULL OR length(alert_email) BETWEEN 3 AND 254),
    ADD COLUMN alert_policy text NOT NULL DEFAULT 'critical' CHECK (alert_policy IN ('critical', 'all'));

-- The compliance report of each check-in; null when the appliance has not scored yet.
ALTER TABLE checkins ADD COLUMN compliance jsonb;
CREATE INDEX checkins_compliance ON checkins (appliance_id, received_at DESC) WHERE compliance IS NOT NULL;

-- Escalations from appliances, stored once per (appliance, incident id) however often a report is re-sent.
CREATE TABLE incidents (
    appliance_id           text NOT NULL REFERENCES appliances (id),
    id                     text NOT NULL,
    site_id                text NOT NULL REFERENCES sites (id),
    host                   text NOT NULL,
    runbook_id             text NOT NULL,
    runbook_version        integer NOT NULL,
    severity               text NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
    reason                 text NOT NULL,
    summary                text NOT NULL,
    observed               jsonb NOT NULL,
    raised_at              timestamptz NOT NULL,
    evidence_seq           bigint NOT NULL,
    received_at            timestamptz NOT NULL DEFAULT now(),
    resolved_at            timestamptz,
    resolution_action      text CHECK (resolution_action IN ('runbook', 'manual')),
    resolution_runbook_id  text,
    resolution_note        text,
    resolved_by            text,
    resolution_acked_at    timestamptz,        -- the appliance has taken the resolution; stop sending it
    PRIMARY KEY (appliance_id, id),
    CHECK ((resolved_at IS NULL) = (resolution_action IS NULL))
);
CREATE INDEX incidents_site ON incidents (site_id, received_at DESC);
CREATE INDEX incidents_unacked ON incidents (appliance_id)
    WHERE resolved_at IS NOT NULL AND resolution_acked_at IS NULL;

-- Outbox of alert mails: written with the incident, drained by the relay's mailer with backoff.
CREATE TABLE alerts (
    id               bigserial PRIMARY KEY,
    appliance_id     text NOT NULL,
    incident_id      text NOT NULL,
    recipient        text NOT NULL,
    attempts         integer NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    last_error       text,
    sent_at          timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (appliance_id, incident_id) REFERENCES incidents (appliance_id, id),
    UNIQUE (appliance_id, incident_id, recipient)
);
CREATE INDEX alerts_due ON alerts (next_attempt_at) WHERE sent_at IS NULL;
