-- Issue 10: the appliance's clock as its NTP check found it (the check-in's optional clock report): kept with each
-- report, and the latest per appliance for its status. NULL when the appliance does not check its clock.
ALTER TABLE checkins ADD COLUMN clock jsonb;
ALTER TABLE appliances ADD COLUMN clock jsonb;

-- appliances has column-level UPDATE grants (V3): the check-in records the latest clock as the runtime role.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'osiris_runtime') THEN
        GRANT UPDATE (clock) ON appliances TO osiris_runtime;
    END IF;
END
$$;
