-- Osiris relay schema, version 6: a report answered with credentials once is never answered with them again
-- (issue 15, replay). A re-sent or replayed report at or below credentials_seq is stored as before (idempotent)
-- but its answer carries no targets. Existing appliances start at their last report, so that a report captured
-- before the upgrade cannot fetch credentials after it.
ALTER TABLE appliances ADD COLUMN credentials_seq bigint NOT NULL DEFAULT 0 CHECK (credentials_seq >= 0);
UPDATE appliances SET credentials_seq = last_seq;

-- appliances has column-level UPDATE grants (V3): the check-in raises this watermark as the runtime role.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'osiris_runtime') THEN
        GRANT UPDATE (credentials_seq) ON appliances TO osiris_runtime;
    END IF;
END
$$;
