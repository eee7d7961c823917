-- Osiris relay schema, version 3: the relay runs as a role that owns nothing (issue 15, finding 2).
--
-- These migrations run as the schema's owner (the embedded osiris_migrator, or DATABASE_MIGRATION_URL's role).
-- The relay's requests run as osiris_runtime, or as a login role that is a member of it: it gets ordinary DML on
-- the tables it works on, only SELECT and INSERT on evidence, no UPDATE of evidence heads (they move through
-- evidence_advance_head below), and, not being an owner, it cannot ALTER a table, DISABLE a trigger or set
-- session_replication_role. With a single DATABASE_URL and no osiris_runtime role, the grants are skipped and
-- the one role does everything, as before. README.md in this folder says how later migrations grant.

-- Moves an appliance's evidence head. Runs as the schema's owner, so that the runtime role, which may not update
-- the head columns, can move a head only forward, and only to a stored record that extends the stored chain:
-- every record after the old head up to the new one is present and links to the one before it.
CREATE FUNCTION evidence_advance_head(p_appliance text, p_seq bigint, p_hash text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    head_seq  bigint;
    head_hash text;
    linked    bigint;
BEGIN
    SELECT evidence_seq, evidence_hash INTO head_seq, head_hash FROM appliances WHERE id = p_appliance FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no appliance %', p_appliance USING ERRCODE = 'no_data_found';
    END IF;
    IF p_seq <= head_seq THEN
        RAISE EXCEPTION 'the evidence head of % only moves forward (% to %)', p_appliance, head_seq, p_seq
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    SELECT count(*) INTO linked
    FROM evidence e LEFT JOIN evidence p ON p.appliance_id = e.appliance_id AND p.seq = e.seq - 1
    WHERE e.appliance_id = p_appliance AND e.seq > head_seq AND e.seq <= p_seq
      AND e.prev_hash = CASE WHEN e.seq = head_seq + 1 THEN head_hash ELSE p.hash END;
    IF linked <> p_seq - head_seq
       OR NOT EXISTS (SELECT 1 FROM evidence WHERE appliance_id = p_appliance AND seq = p_seq AND hash = p_hash) THEN
        RAISE EXCEPTION 'evidence head % of % does not extend the stored chain', p_seq, p_appliance
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    UPDATE appliances SET evidence_seq = p_seq, evidence_hash = p_hash WHERE id = p_appliance;
END
$$;
REVOKE ALL ON FUNCTION evidence_advance_head(text, bigint, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION evidence_append_only() FROM PUBLIC;

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'osiris_runtime') THEN
        RAISE NOTICE 'no role osiris_runtime: the migrating role also serves requests';
        RETURN;
    END IF;
    GRANT USAGE ON SCHEMA public TO osiris_runtime;
    GRANT SELECT, INSERT, UPDATE, DELETE ON partners, operator_keys, sites, checkins, credentials, orders, incidents,
        alerts TO osiris_runtime;
    GRANT SELECT, INSERT ON appliances, evidence TO osiris_runtime;
    GRANT UPDATE (public_key, last_checkin_at, last_seq, agent_version, status) ON appliances TO osiris_runtime;
    GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO osiris_runtime;
    GRANT EXECUTE ON FUNCTION evidence_advance_head(text, bigint, text) TO osiris_runtime;
    -- what later migrations create gets ordinary DML; a migration narrows it where a table needs less
    ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO osiris_runtime;
    ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO osiris_runtime;
END
$$;
