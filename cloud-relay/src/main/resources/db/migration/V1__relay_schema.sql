-- Osiris relay schema, version 1.

CREATE TABLE partners (
    id          text PRIMARY KEY,
    name        text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
INSERT INTO partners (id, name) VALUES ('default', 'Default partner');

CREATE TABLE operator_keys (
    key_sha256  text PRIMARY KEY CHECK (key_sha256 ~ '^[0-9a-f]{64}$'),
    name        text NOT NULL,
    partner_id  text NOT NULL REFERENCES partners (id),
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE sites (
    id                        text PRIMARY KEY,
    partner_id                text NOT NULL REFERENCES partners (id),
    name                      text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    checkin_interval_seconds  integer NOT NULL DEFAULT 60 CHECK (checkin_interval_seconds BETWEEN 5 AND 86400),
    healing_mode              text NOT NULL DEFAULT 'standard' CHECK (healing_mode IN ('standard', 'full-coverage')),
    dry_run                   boolean NOT NULL DEFAULT false,
    enabled_runbooks          text[] NOT NULL DEFAULT '{}',
    created_at                timestamptz NOT NULL DEFAULT now(),
    updated_at                timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sites_partner ON sites (partner_id);

CREATE TABLE appliances (
    id               text PRIMARY KEY,
    site_id          text NOT NULL REFERENCES sites (id),
    api_key_sha256   text NOT NULL UNIQUE CHECK (api_key_sha256 ~ '^[0-9a-f]{64}$'),
    public_key       text,                 -- pinned on the first check-in, cleared by rotate-key
    last_checkin_at  timestamptz,
    last_seq         bigint NOT NULL DEFAULT 0,
    agent_version    text,
    status           text,
    evidence_seq     bigint NOT NULL DEFAULT 0,
    evidence_hash    text NOT NULL DEFAULT '0000000000000000000000000000000000000000000000000000000000000000',
    created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX appliances_site ON appliances (site_id);

CREATE TABLE checkins (
    appliance_id        text NOT NULL REFERENCES appliances (id),
    seq                 bigint NOT NULL CHECK (seq >= 1),
    sent_at             timestamptz NOT NULL,
    agent_version       text NOT NULL,
    uptime_seconds      bigint NOT NULL,
    boot_partition      text NOT NULL CHECK (boot_partition IN ('a', 'b')),
    status              text NOT NULL,
    status_detail       text NOT NULL,
    scan                jsonb NOT NULL,
    evidence_head_seq   bigint NOT NULL,
    evidence_head_hash  text NOT NULL,
    received_at         timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT checkins_appliance_seq UNIQUE (appliance_id, seq)
);

CREATE TABLE evidence (
    appliance_id  text NOT NULL REFERENCES appliances (id),
    seq           bigint NOT NULL CHECK (seq >= 1),
    time          timestamptz NOT NULL,
    host          text NOT NULL,
    check_id      text NOT NULL,
    kind          text NOT NULL,
    outcome       text NOT NULL,
    details       text NOT NULL,        -- canonical JSON text: the exact characters that were hashed
    prev_hash     text NOT NULL,
    hash          text NOT NULL,
    signature     text NOT NULL,
    received_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (appliance_id, seq)
);

CREATE FUNCTION evidence_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'evidence is append-only: % is not allowed', TG_OP;
END
$$;
CREATE TRIGGER evidence_no_update_or_delete BEFORE UPDATE OR DELETE ON evidence
    FOR EACH ROW EXECUTE FUNCTION evidence_append_only();
CREATE TRIGGER evidence_no_truncate BEFORE TRUNCATE ON evidence
    FOR EACH STATEMENT EXECUTE FUNCTION evidence_append_only();

CREATE TABLE credentials (
    id                 text PRIMARY KEY,
    site_id            text NOT NULL REFERENCES sites (id),
    host               text NOT NULL,
    transport          text NOT NULL CHECK (transport IN ('winrm', 'ssh')),
    port               integer NOT NULL CHECK (port BETWEEN 1 AND 65535),
    tls                boolean NOT NULL,
    auth               text NOT NULL,
    account            text NOT NULL,
    secret_ciphertext  bytea NOT NULL,     -- AES-256-GCM under the site key, AAD = credential id
    secret_nonce       bytea NOT NULL CHECK (length(secret_nonce) = 12),
    pin                text,
    created_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX credentials_site ON credentials (site_id);

CREATE TABLE orders (
    id            text PRIMARY KEY,
    appliance_id  text NOT NULL REFERENCES appliances (id),
    kind          text NOT NULL,
    payload       jsonb NOT NULL DEFAULT '{}',
    created_at    timestamptz NOT NULL DEFAULT now(),
    acked_at      timestamptz
);
CREATE INDEX orders_pending ON orders (appliance_id, created_at) WHERE acked_at IS NULL;
