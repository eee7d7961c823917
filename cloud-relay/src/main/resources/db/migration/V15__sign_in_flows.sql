-- Osiris relay schema, version 15: OpenID Connect sign-in flows, signups and the domain allow-list (issue 12).

-- A flow begun by one relay process can be finished by any other: its state (stored as SHA-256 only), the PKCE
-- verifier and the nonce live here for 10 minutes, by the relay's clock, and are used once. The verifier is
-- cleared when the flow is used.
CREATE TABLE sign_in_flows (
    state_sha256   text PRIMARY KEY CHECK (state_sha256 ~ '^[0-9a-f]{64}$'),
    provider       text NOT NULL,
    code_verifier  text,
    nonce          text NOT NULL,
    next_path      text NOT NULL CHECK (length(next_path) BETWEEN 1 AND 500),
    created_at     timestamptz NOT NULL,
    expires_at     timestamptz NOT NULL,
    used_at        timestamptz,
    -- a one-time sign-in link (the demo's, made by the relay's own admin) names its user instead of a provider flow
    user_id        text REFERENCES users (id)
);
CREATE INDEX sign_in_flows_expiry ON sign_in_flows (expires_at);

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'osiris_runtime') THEN
        GRANT SELECT, INSERT, UPDATE, DELETE ON sign_in_flows TO osiris_runtime;
    END IF;
END
$$;

-- A person who signed in and is no user yet: pending until a platform admin approves (into a partner, with a role)
-- or rejects, or approved at once when the provider verified a domain (Google's hd) or tenant (Microsoft's tid)
-- that the allow-list gives to a partner and approval is not required. Known by issuer and subject, as users are.
CREATE TABLE signups (
    id               text PRIMARY KEY,
    provider         text NOT NULL,
    issuer           text NOT NULL,
    subject          text NOT NULL,
    email            text CHECK (length(email) <= 320),
    email_verified   boolean NOT NULL,
    verified_domain  text,
    status           text NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
    partner_id       text REFERENCES partners (id),
    role             text CHECK (role IN ('admin', 'operator', 'readonly')),
    user_id          text REFERENCES users (id),
    created_at       timestamptz NOT NULL DEFAULT now(),
    decided_at       timestamptz,
    decided_by       text,
    CONSTRAINT signups_identity UNIQUE (issuer, subject),
    CONSTRAINT signups_decided CHECK ((status = 'pending') = (decided_at IS NULL)),
    CONSTRAINT signups_approved CHECK ((status = 'approved') = (user_id IS NOT NULL))
);
CREATE INDEX signups_pending ON signups (created_at) WHERE status = 'pending';

-- Which verified domains or Microsoft tenants belong to which partner, with the role their people get.
CREATE TABLE domain_allow_list (
    domain      text PRIMARY KEY CHECK (domain ~ '^[a-z0-9][a-z0-9.-]{0,252}$'),
    partner_id  text NOT NULL REFERENCES partners (id),
    role        text NOT NULL DEFAULT 'readonly' CHECK (role IN ('admin', 'operator', 'readonly')),
    created_at  timestamptz NOT NULL DEFAULT now(),
    created_by  text NOT NULL
);

-- One row: whether even an allow-listed domain waits for a platform admin.
CREATE TABLE portal_settings (
    id                 boolean PRIMARY KEY DEFAULT true CHECK (id),
    approval_required  boolean NOT NULL DEFAULT false
);
INSERT INTO portal_settings DEFAULT VALUES;

-- The alert outbox also mails platform admins about new pending signups: such a row names a signup instead of an
-- incident.
ALTER TABLE alerts
    ALTER COLUMN appliance_id DROP NOT NULL,
    ALTER COLUMN incident_id DROP NOT NULL,
    ADD COLUMN signup_id text REFERENCES signups (id),
    ADD CONSTRAINT alerts_about CHECK ((incident_id IS NULL) = (signup_id IS NOT NULL)
        AND (incident_id IS NULL) = (appliance_id IS NULL));
CREATE UNIQUE INDEX alerts_signup ON alerts (signup_id, recipient) WHERE signup_id IS NOT NULL;

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'osiris_runtime') THEN
        GRANT SELECT, INSERT, UPDATE ON signups TO osiris_runtime;
        GRANT SELECT, INSERT, UPDATE, DELETE ON domain_allow_list TO osiris_runtime;
        GRANT SELECT, UPDATE ON portal_settings TO osiris_runtime;
        REVOKE DELETE, TRUNCATE ON signups FROM osiris_runtime;
        REVOKE INSERT, DELETE, TRUNCATE ON portal_settings FROM osiris_runtime;
    END IF;
END
$$;

-- The portal's dashboard counts each site's open incidents.
CREATE INDEX incidents_open ON incidents (site_id) WHERE resolved_at IS NULL;
