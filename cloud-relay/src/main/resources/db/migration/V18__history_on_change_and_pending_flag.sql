-- Osiris relay schema, version 18 (issue 13, the check-in's cost at fleet scale).
--
-- 1. History only when something changed. The appliance row is the current state; a history row (checkins) is
--    written when the report's state differs from the one the last history row recorded (its digest, computed by
--    the relay over status, detail, version, boot partition, scan, evidence head, compliance, transports and clock
--    state), or when the last one is older than the relay's minimum interval, so that a steady fleet does not add
--    a row per check-in. Reports carrying incidents or acknowledgements are always written.
ALTER TABLE appliances
    ADD COLUMN history_digest bytea,
    ADD COLUMN history_at     timestamptz;

-- 2. Pending work flag. The check-in looked for unacknowledged orders and unacknowledged resolutions on every
--    report; now it looks only when something may be pending: every new order and every resolution raises the
--    appliance's pending_gen, and a check-in that found nothing records the generation it saw in pending_seen.
--    A generation (not a boolean) so that an order committed while a check-in runs is never cleared by it: the
--    check-in writes the generation of its own snapshot, which is then below the new one.
ALTER TABLE appliances
    ADD COLUMN pending_gen  bigint NOT NULL DEFAULT 1,
    ADD COLUMN pending_seen bigint NOT NULL DEFAULT 0;

CREATE FUNCTION appliance_work_pending() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE appliances SET pending_gen = pending_gen + 1 WHERE id = NEW.appliance_id;
    RETURN NULL;
END
$$;
CREATE TRIGGER orders_pending AFTER INSERT ON orders
    FOR EACH ROW EXECUTE FUNCTION appliance_work_pending();
CREATE TRIGGER orders_pending_again AFTER UPDATE OF acked_at ON orders
    FOR EACH ROW WHEN (NEW.acked_at IS NULL) EXECUTE FUNCTION appliance_work_pending();
CREATE TRIGGER incidents_resolution_pending AFTER UPDATE OF resolved_at, resolution_acked_at ON incidents
    FOR EACH ROW WHEN (NEW.resolved_at IS NOT NULL AND NEW.resolution_acked_at IS NULL)
    EXECUTE FUNCTION appliance_work_pending();

-- appliances has column-level UPDATE grants (V3): the check-in and the triggers above run as the runtime role.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'osiris_runtime') THEN
        GRANT UPDATE (history_digest, history_at, pending_gen, pending_seen) ON appliances TO osiris_runtime;
    END IF;
END
$$;
