-- Osiris relay schema, version 15: OpenID Connect sign-in flows (issue 12).

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
    used_at        timestamptz
);
CREATE INDEX sign_in_flows_expiry ON sign_in_flows (expires_at);

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'osiris_runtime') THEN
        GRANT SELECT, INSERT, UPDATE, DELETE ON sign_in_flows TO osiris_runtime;
    END IF;
END
$$;
