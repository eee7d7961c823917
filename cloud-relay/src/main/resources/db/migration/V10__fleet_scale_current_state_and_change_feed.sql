-- Osiris relay schema, version 10 (issue 13, the relay at fleet scale).
--
-- 1. The appliance's current state holds its latest compliance report too, so that the check-in history can be
--    dropped after its retention time without losing what the portal shows now.
ALTER TABLE appliances
    ADD COLUMN compliance    jsonb,
    ADD COLUMN compliance_at timestamptz;
UPDATE appliances a SET compliance = c.compliance, compliance_at = c.received_at
FROM (SELECT DISTINCT ON (appliance_id) appliance_id, compliance, received_at FROM checkins
      WHERE compliance IS NOT NULL ORDER BY appliance_id, received_at DESC, seq DESC) c
WHERE c.appliance_id = a.id;
CREATE INDEX appliances_site_compliance ON appliances (site_id, compliance_at DESC) WHERE compliance IS NOT NULL;

-- The retention job deletes history by age.
CREATE INDEX checkins_received ON checkins (received_at);

-- 2. A site's configuration has a version: any change of the site's settings or credentials takes a new one from
--    one sequence (never reused, never 0: an appliance that holds no configuration sends 0). An appliance that
--    reports the current version is answered without re-sending (re-encrypting, re-encoding) its credentials.
CREATE SEQUENCE site_config_versions START 1;
ALTER TABLE sites ADD COLUMN config_version bigint NOT NULL DEFAULT nextval('site_config_versions');

-- 3. Every relay process over this database keeps caches (appliance identities by key hash, site configurations);
--    each change they depend on is announced on the channel osiris_cache when its transaction commits, so that
--    every relay drops the entry within a moment instead of serving it until a time-to-live runs out.
--    Payloads: 'site:<site id>' and 'key:<api key sha256>'. They carry ids only, never a secret.
CREATE FUNCTION site_config_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.config_version := nextval('site_config_versions');
    PERFORM pg_notify('osiris_cache', 'site:' || NEW.id);
    RETURN NEW;
END
$$;
CREATE TRIGGER sites_config_version BEFORE UPDATE ON sites
    FOR EACH ROW EXECUTE FUNCTION site_config_changed();

CREATE FUNCTION site_credentials_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE sites SET updated_at = now()
    WHERE id IN (SELECT site_id FROM changed_credentials);
    RETURN NULL;
END
$$;
CREATE TRIGGER credentials_insert_config_version AFTER INSERT ON credentials
    REFERENCING NEW TABLE AS changed_credentials
    FOR EACH STATEMENT EXECUTE FUNCTION site_credentials_changed();
CREATE TRIGGER credentials_update_config_version AFTER UPDATE ON credentials
    REFERENCING NEW TABLE AS changed_credentials
    FOR EACH STATEMENT EXECUTE FUNCTION site_credentials_changed();
CREATE TRIGGER credentials_delete_config_version AFTER DELETE ON credentials
    REFERENCING OLD TABLE AS changed_credentials
    FOR EACH STATEMENT EXECUTE FUNCTION site_credentials_changed();

-- An appliance's identity as the check-in reads it (ApplianceAuth): its key's validity, its pinned key, its site,
-- whether its chain has started (the predecessor is named until it has). The check-in's own update of
-- last_checkin_at and its counters does not fire this (UPDATE OF lists only these columns).
CREATE FUNCTION appliance_identity_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('osiris_cache', 'key:' || OLD.api_key_sha256);
    RETURN NULL;
END
$$;
CREATE TRIGGER appliances_identity_changed AFTER UPDATE OF key_revoked_at, public_key, ended_at, site_id,
        api_key_sha256, evidence_seq ON appliances
    FOR EACH ROW
    WHEN (OLD.key_revoked_at IS DISTINCT FROM NEW.key_revoked_at OR OLD.public_key IS DISTINCT FROM NEW.public_key
          OR OLD.ended_at IS DISTINCT FROM NEW.ended_at OR OLD.site_id IS DISTINCT FROM NEW.site_id
          OR OLD.api_key_sha256 IS DISTINCT FROM NEW.api_key_sha256
          OR (OLD.evidence_seq = 0 AND NEW.evidence_seq <> 0))
    EXECUTE FUNCTION appliance_identity_changed();
CREATE TRIGGER appliances_identity_deleted AFTER DELETE ON appliances
    FOR EACH ROW EXECUTE FUNCTION appliance_identity_changed();

-- appliances has column-level UPDATE grants (V3): the check-in keeps the latest compliance report as the runtime
-- role. The sequence gets USAGE from V3's default privileges.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'osiris_runtime') THEN
        GRANT UPDATE (compliance, compliance_at) ON appliances TO osiris_runtime;
        GRANT USAGE, SELECT ON SEQUENCE site_config_versions TO osiris_runtime;
    END IF;
END
$$;
