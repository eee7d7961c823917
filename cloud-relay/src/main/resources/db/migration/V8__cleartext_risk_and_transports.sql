-- Finding 12: WinRM Basic over plain HTTP sends a password in clear text. Such a credential is stored only when the
-- partner accepted that risk for it; who accepted it and when travel with it to the appliance.
ALTER TABLE credentials
    ADD COLUMN cleartext_accepted_by text,
    ADD COLUMN cleartext_accepted_at timestamptz,
    ADD CONSTRAINT credentials_cleartext_acceptance
        CHECK ((cleartext_accepted_by IS NULL) = (cleartext_accepted_at IS NULL));

-- Each target's transport security as the appliance reported it: with every report, and the latest per appliance.
ALTER TABLE checkins ADD COLUMN transports jsonb;
ALTER TABLE appliances ADD COLUMN transports jsonb NOT NULL DEFAULT '[]';

-- appliances has column-level UPDATE grants (V3): the check-in records the latest transports as the runtime role.
-- The credentials and checkins columns need nothing: those tables have table-level grants.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'osiris_runtime') THEN
        GRANT UPDATE (transports) ON appliances TO osiris_runtime;
    END IF;
END
$$;
