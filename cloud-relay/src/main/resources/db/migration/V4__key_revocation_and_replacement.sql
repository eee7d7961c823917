-- Osiris relay schema, version 4: API keys are listed and revoked, and an appliance is replaced as one defined
-- operation that ends its evidence chain (issue 15, finding 5).

-- Operator keys are named by an id derived from their hash, so that they can be listed and revoked without
-- anyone showing the key; a revoked key is refused at once, by every relay, as each request looks it up.
ALTER TABLE operator_keys
    ADD COLUMN key_id text GENERATED ALWAYS AS ('opk-' || substr(key_sha256, 1, 16)) STORED,
    ADD COLUMN last_used_at timestamptz,
    ADD COLUMN revoked_at timestamptz,
    ADD COLUMN revoked_by text,
    ADD CONSTRAINT operator_keys_revoked CHECK ((revoked_at IS NULL) = (revoked_by IS NULL));
CREATE UNIQUE INDEX operator_keys_key_id ON operator_keys (key_id);

-- A replaced appliance keeps its row, its evidence and its pinned key, so that its chain still verifies; its API
-- key is revoked, and the row says when, why and by whom the chain ended. Its successor names it in "replaces".
ALTER TABLE appliances
    ADD COLUMN key_revoked_at timestamptz,
    ADD COLUMN key_revoked_by text,
    ADD COLUMN replaces text UNIQUE REFERENCES appliances (id),
    ADD COLUMN ended_at timestamptz,
    ADD COLUMN ended_reason text CHECK (length(ended_reason) <= 500),
    ADD COLUMN ended_by text,
    ADD CONSTRAINT appliances_key_revoked CHECK ((key_revoked_at IS NULL) = (key_revoked_by IS NULL)),
    ADD CONSTRAINT appliances_ended CHECK ((ended_at IS NULL) = (ended_by IS NULL)),
    ADD CONSTRAINT appliances_ended_revoked CHECK (ended_at IS NULL OR key_revoked_at IS NOT NULL);

-- What operators did to keys and appliances; the relay may add rows, never change or remove them.
CREATE TABLE audit_log (
    id       bigserial PRIMARY KEY,
    at       timestamptz NOT NULL DEFAULT now(),
    actor    text NOT NULL,
    action   text NOT NULL,
    subject  text NOT NULL,
    details  jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(details) = 'object')
);
CREATE INDEX audit_log_subject ON audit_log (subject, at);

-- Pins, revocations and ends are one-way, whoever updates the row: a pinned key is never swapped (an appliance
-- with a new key is a replacement), a revoked key never comes back, an ended chain never reopens.
CREATE FUNCTION appliances_one_way() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.public_key IS NOT NULL AND NEW.public_key IS DISTINCT FROM OLD.public_key THEN
        RAISE EXCEPTION 'the pinned key of appliance % cannot change; replace the appliance', OLD.id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF OLD.key_revoked_at IS NOT NULL
       AND (NEW.key_revoked_at, NEW.key_revoked_by) IS DISTINCT FROM (OLD.key_revoked_at, OLD.key_revoked_by) THEN
        RAISE EXCEPTION 'the API key of appliance % is revoked for good', OLD.id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF OLD.ended_at IS NOT NULL AND (NEW.ended_at, NEW.ended_reason, NEW.ended_by)
            IS DISTINCT FROM (OLD.ended_at, OLD.ended_reason, OLD.ended_by) THEN
        RAISE EXCEPTION 'the evidence chain of appliance % has ended for good', OLD.id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER appliances_one_way BEFORE UPDATE ON appliances
    FOR EACH ROW EXECUTE FUNCTION appliances_one_way();

CREATE FUNCTION operator_keys_one_way() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.revoked_at IS NOT NULL
       AND (NEW.revoked_at, NEW.revoked_by) IS DISTINCT FROM (OLD.revoked_at, OLD.revoked_by) THEN
        RAISE EXCEPTION 'operator key % is revoked for good', OLD.key_id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF NEW.key_sha256 IS DISTINCT FROM OLD.key_sha256 THEN
        RAISE EXCEPTION 'operator key % cannot change; create another', OLD.key_id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER operator_keys_one_way BEFORE UPDATE ON operator_keys
    FOR EACH ROW EXECUTE FUNCTION operator_keys_one_way();
REVOKE ALL ON FUNCTION appliances_one_way(), operator_keys_one_way() FROM PUBLIC;

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'osiris_runtime') THEN
        GRANT UPDATE (key_revoked_at, key_revoked_by, ended_at, ended_reason, ended_by) ON appliances
            TO osiris_runtime;
        REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM osiris_runtime;
    END IF;
END
$$;
