-- Osiris relay schema, version 12: the partner portal's people, roles and sessions, and an audit log each partner
-- can read for its own tenant (issue 12).

-- A partner API key carries a role, as a person does. Keys made before this version keep what they could do.
ALTER TABLE operator_keys
    ADD COLUMN role text NOT NULL DEFAULT 'admin' CHECK (role IN ('admin', 'operator', 'readonly'));

-- A person is known by the identity provider's issuer and subject (for Microsoft: the tenant's issuer and the
-- object id), never by an e-mail address, which some tenants can set to anything. A platform admin (the relay
-- operator's own staff) belongs to no partner. A removed user keeps its row, so that audit rows still name it.
CREATE TABLE users (
    id          text PRIMARY KEY,
    partner_id  text REFERENCES partners (id),
    role        text NOT NULL CHECK (role IN ('admin', 'operator', 'readonly', 'platform-admin')),
    issuer      text NOT NULL CHECK (length(issuer) BETWEEN 1 AND 500),
    subject     text NOT NULL CHECK (length(subject) BETWEEN 1 AND 500),
    email       text CHECK (length(email) <= 320),
    created_at  timestamptz NOT NULL DEFAULT now(),
    removed_at  timestamptz,
    CONSTRAINT users_identity UNIQUE (issuer, subject),
    CONSTRAINT users_platform_admin CHECK ((partner_id IS NULL) = (role = 'platform-admin'))
);
CREATE INDEX users_partner ON users (partner_id);

-- A session is kept as the SHA-256 of its cookie's token only. Its times come from the relay's clock (tests move
-- it), not the database's: idle expiry moves last_seen_at, the absolute expiry never moves.
CREATE TABLE sessions (
    token_sha256  text PRIMARY KEY CHECK (token_sha256 ~ '^[0-9a-f]{64}$'),
    user_id       text NOT NULL REFERENCES users (id),
    csrf_token    text NOT NULL,
    created_at    timestamptz NOT NULL,
    last_seen_at  timestamptz NOT NULL,
    expires_at    timestamptz NOT NULL,
    revoked_at    timestamptz
);
CREATE INDEX sessions_user ON sessions (user_id) WHERE revoked_at IS NULL;

-- Audit rows say whose tenant they belong to (null: the relay's own admin and CLI) and where the request came from.
ALTER TABLE audit_log
    ADD COLUMN partner_id text,
    ADD COLUMN source text;
CREATE INDEX audit_log_partner ON audit_log (partner_id, id DESC);

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'osiris_runtime') THEN
        GRANT SELECT, INSERT, UPDATE ON users, sessions TO osiris_runtime;
        REVOKE DELETE, TRUNCATE ON users, sessions FROM osiris_runtime;
    END IF;
END
$$;
