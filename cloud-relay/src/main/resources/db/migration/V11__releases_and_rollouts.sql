-- Fleet updates (issue 16): the appliances' reported update state, signed releases, and staged rollouts whose
-- invariants the database enforces itself, so that no code path (nor a relay killed mid-statement) can break them.

-- The update state each appliance last reported; a re-sent report (same or older check-in seq) changes nothing.
CREATE TABLE appliance_update_state (
    appliance_id  text PRIMARY KEY REFERENCES appliances (id),
    report_seq    bigint NOT NULL CHECK (report_seq >= 1),
    state         text NOT NULL,
    version       text NOT NULL,
    reason        text NOT NULL,
    rollout_id    text,
    updated_at    timestamptz NOT NULL,
    received_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE releases (
    version     text PRIMARY KEY CHECK (version ~ '^[0-9]+(\.[0-9]+){0,3}$'),
    size        bigint NOT NULL CHECK (size > 0),
    sha256      text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    manifest    text NOT NULL,              -- base64 of the signed manifest bytes
    signature   text NOT NULL,              -- base64 Ed25519 signature by the release key
    rollback    boolean NOT NULL DEFAULT false,
    image_file  text,                       -- served by the relay from its data directory
    url         text CHECK (url ~ '^https://'),
    added_by    text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    CHECK ((image_file IS NULL) <> (url IS NULL))
);

CREATE TABLE partner_rollout_settings (
    partner_id         text PRIMARY KEY REFERENCES partners (id),
    approval_required  boolean NOT NULL DEFAULT false
);

-- When a site's appliances may install: ISO days (bit 0 = Monday) and minutes of the day in the site's zone.
-- start > end spans midnight. No row: always open.
CREATE TABLE site_maintenance_windows (
    site_id       text PRIMARY KEY REFERENCES sites (id),
    time_zone     text NOT NULL,
    days          smallint NOT NULL CHECK (days BETWEEN 1 AND 127),
    start_minute  integer NOT NULL CHECK (start_minute BETWEEN 0 AND 1439),
    end_minute    integer NOT NULL CHECK (end_minute BETWEEN 0 AND 1439),
    CHECK (start_minute <> end_minute)
);

CREATE TABLE appliance_tags (
    appliance_id  text NOT NULL REFERENCES appliances (id),
    tag           text NOT NULL CHECK (tag ~ '^[a-z0-9][a-z0-9._-]{0,62}$'),
    PRIMARY KEY (appliance_id, tag)
);
CREATE INDEX appliance_tags_tag ON appliance_tags (tag);

CREATE TABLE rollouts (
    id                      text PRIMARY KEY,
    partner_id              text NOT NULL REFERENCES partners (id),
    release_version         text NOT NULL REFERENCES releases (version),
    status                  text NOT NULL CHECK (status IN ('awaiting-approval', 'running', 'paused', 'finished',
                                                            'aborted')),
    reason                  text NOT NULL DEFAULT '',
    report_timeout_seconds  integer NOT NULL CHECK (report_timeout_seconds BETWEEN 1 AND 2592000),
    created_by              text NOT NULL,
    approved_by             text,
    created_at              timestamptz NOT NULL DEFAULT now(),
    updated_at              timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX rollouts_partner ON rollouts (partner_id, created_at DESC);

CREATE TABLE rollout_groups (
    rollout_id         text NOT NULL REFERENCES rollouts (id),
    position           integer NOT NULL CHECK (position >= 1),
    success_threshold  integer NOT NULL CHECK (success_threshold BETWEEN 1 AND 100),
    error_threshold    integer NOT NULL CHECK (error_threshold BETWEEN 1 AND 100),
    soak_seconds       integer NOT NULL CHECK (soak_seconds BETWEEN 0 AND 2592000),
    status             text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'running', 'soaking', 'done')),
    started_at         timestamptz,
    succeeded_at       timestamptz,
    done_at            timestamptz,
    PRIMARY KEY (rollout_id, position)
);

CREATE TABLE rollout_targets (
    rollout_id    text NOT NULL,
    appliance_id  text NOT NULL REFERENCES appliances (id),
    position      integer NOT NULL,
    state         text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'ordered', 'committed', 'failed',
                                                                   'rolled-back', 'timed-out', 'skipped', 'aborted')),
    active        boolean NOT NULL DEFAULT true,    -- false once the rollout finished or was aborted
    order_id      text REFERENCES orders (id),
    ordered_at    timestamptz,
    report_seq    bigint NOT NULL DEFAULT 0,
    reason        text NOT NULL DEFAULT '',
    settled_at    timestamptz,
    PRIMARY KEY (rollout_id, appliance_id),
    FOREIGN KEY (rollout_id, position) REFERENCES rollout_groups (rollout_id, position),
    CHECK ((state = 'pending') = (order_id IS NULL) OR state IN ('skipped', 'aborted'))
);
-- an appliance is in at most one active rollout, and assigned at most one release at a time
CREATE UNIQUE INDEX rollout_targets_one_active ON rollout_targets (appliance_id) WHERE active;
CREATE UNIQUE INDEX rollout_targets_one_release ON rollout_targets (appliance_id) WHERE state = 'ordered';
CREATE INDEX rollout_targets_group ON rollout_targets (rollout_id, position, state);

-- What happened, append-only: each group started once, each appliance assigned once per rollout.
CREATE TABLE rollout_events (
    id            bigserial PRIMARY KEY,
    rollout_id    text NOT NULL REFERENCES rollouts (id),
    kind          text NOT NULL CHECK (kind IN ('created', 'approved', 'group-started', 'group-succeeded',
                                                'group-done', 'assigned', 'paused', 'resumed', 'skipped', 'finished',
                                                'aborted')),
    position      integer,
    appliance_id  text,
    detail        text NOT NULL DEFAULT '',
    at            timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX rollout_events_group_once ON rollout_events (rollout_id, kind, position)
    WHERE kind IN ('group-started', 'group-succeeded', 'group-done');
CREATE UNIQUE INDEX rollout_events_assigned_once ON rollout_events (rollout_id, appliance_id) WHERE kind = 'assigned';
CREATE INDEX rollout_events_rollout ON rollout_events (rollout_id, id);

CREATE FUNCTION maintenance_window_open(site text, at timestamptz) RETURNS boolean
    LANGUAGE sql STABLE SET search_path = pg_catalog, public AS $$
    SELECT COALESCE((
        SELECT CASE WHEN w.start_minute < w.end_minute
                    THEN (w.days >> (extract(isodow FROM local) :: integer - 1)) & 1 = 1
                         AND minute >= w.start_minute AND minute < w.end_minute
                    -- spans midnight: the part before midnight belongs to the window's day, the rest to the day before
                    WHEN minute >= w.start_minute
                    THEN (w.days >> (extract(isodow FROM local) :: integer - 1)) & 1 = 1
                    ELSE minute < w.end_minute
                         AND (w.days >> ((extract(isodow FROM local) :: integer + 5) % 7)) & 1 = 1
               END
        FROM site_maintenance_windows w,
             LATERAL (SELECT at AT TIME ZONE w.time_zone AS local) l,
             LATERAL (SELECT (extract(hour FROM l.local) * 60 + extract(minute FROM l.local)) :: integer AS minute) m
        WHERE w.site_id = site), true)
$$;

-- Group transitions are monotonic: scheduled -> running -> (soaking ->) done, never back; a group starts only after
-- its predecessor is done; it succeeds (soaking or done) only when its committed share meets its success threshold.
CREATE FUNCTION rollout_groups_guard() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, public AS $$
DECLARE
    total integer;
    committed integer;
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.status <> 'scheduled' THEN
            RAISE EXCEPTION 'rollout group %/% must be created scheduled', NEW.rollout_id, NEW.position;
        END IF;
        RETURN NEW;
    END IF;
    IF NEW.rollout_id <> OLD.rollout_id OR NEW.position <> OLD.position
       OR NEW.success_threshold <> OLD.success_threshold OR NEW.error_threshold <> OLD.error_threshold
       OR NEW.soak_seconds <> OLD.soak_seconds THEN
        RAISE EXCEPTION 'rollout group %/%: its definition does not change', OLD.rollout_id, OLD.position;
    END IF;
    IF NEW.status = OLD.status THEN
        RETURN NEW;
    END IF;
    IF NOT ((OLD.status = 'scheduled' AND NEW.status = 'running')
            OR (OLD.status = 'running' AND NEW.status IN ('soaking', 'done'))
            OR (OLD.status = 'soaking' AND NEW.status = 'done')) THEN
        RAISE EXCEPTION 'rollout group %/%: % -> % is not a forward transition', OLD.rollout_id, OLD.position,
            OLD.status, NEW.status;
    END IF;
    IF NEW.status = 'running' AND NEW.position > 1 AND NOT EXISTS (
            SELECT 1 FROM rollout_groups p WHERE p.rollout_id = NEW.rollout_id AND p.position = NEW.position - 1
              AND p.status = 'done') THEN
        RAISE EXCEPTION 'rollout group %/% cannot start before group % is done', NEW.rollout_id, NEW.position,
            NEW.position - 1;
    END IF;
    IF NEW.status IN ('soaking', 'done') AND OLD.status = 'running' THEN
        SELECT count(*) FILTER (WHERE t.state <> 'skipped'), count(*) FILTER (WHERE t.state = 'committed')
        INTO total, committed
        FROM rollout_targets t WHERE t.rollout_id = NEW.rollout_id AND t.position = NEW.position;
        IF committed * 100 < NEW.success_threshold * total THEN
            RAISE EXCEPTION 'rollout group %/%: % of % committed is below its success threshold of %%%',
                NEW.rollout_id, NEW.position, committed, total, NEW.success_threshold;
        END IF;
    END IF;
    INSERT INTO rollout_events (rollout_id, kind, position) VALUES (NEW.rollout_id,
        CASE NEW.status WHEN 'running' THEN 'group-started' WHEN 'soaking' THEN 'group-succeeded' ELSE 'group-done' END,
        NEW.position);
    RETURN NEW;
END
$$;
CREATE TRIGGER rollout_groups_guard BEFORE INSERT OR UPDATE ON rollout_groups
    FOR EACH ROW EXECUTE FUNCTION rollout_groups_guard();

-- Rollout status: approval -> running <-> paused -> finished | aborted; finished and aborted are final, and they
-- release the rollout's appliances (no longer active, orders not yet taken withdrawn).
CREATE FUNCTION rollouts_guard() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, public AS $$
BEGIN
    IF NEW.status = OLD.status THEN
        RETURN NEW;
    END IF;
    IF OLD.status IN ('finished', 'aborted')
       OR (NEW.status = 'awaiting-approval')
       OR (OLD.status = 'awaiting-approval' AND NEW.status NOT IN ('running', 'aborted')) THEN
        RAISE EXCEPTION 'rollout %: % -> % is not allowed', OLD.id, OLD.status, NEW.status;
    END IF;
    NEW.updated_at := now();
    IF NEW.status IN ('finished', 'aborted') THEN
        UPDATE rollout_targets SET state = CASE WHEN state IN ('pending', 'ordered') THEN 'aborted' ELSE state END,
            active = false, settled_at = COALESCE(settled_at, now())
        WHERE rollout_id = NEW.id;
        UPDATE orders o SET acked_at = now()
        FROM rollout_targets t WHERE t.rollout_id = NEW.id AND t.order_id = o.id AND o.acked_at IS NULL;
    END IF;
    INSERT INTO rollout_events (rollout_id, kind, detail) VALUES (NEW.id,
        CASE NEW.status WHEN 'running' THEN CASE OLD.status WHEN 'paused' THEN 'resumed' ELSE 'approved' END
                        WHEN 'paused' THEN 'paused' WHEN 'finished' THEN 'finished' ELSE 'aborted' END, NEW.reason);
    RETURN NEW;
END
$$;
CREATE TRIGGER rollouts_guard BEFORE UPDATE ON rollouts FOR EACH ROW EXECUTE FUNCTION rollouts_guard();

-- Target states move forward only: pending -> ordered -> settled; committed is final; a failed one may be skipped
-- on resume. An order is issued only while the group runs and the rollout runs. A report never moves report_seq back.
CREATE FUNCTION rollout_targets_guard() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, public AS $$
BEGIN
    IF NEW.report_seq < OLD.report_seq THEN
        RAISE EXCEPTION 'rollout %: appliance % report seq % is older than %', OLD.rollout_id, OLD.appliance_id,
            NEW.report_seq, OLD.report_seq;
    END IF;
    IF NEW.rollout_id <> OLD.rollout_id OR NEW.appliance_id <> OLD.appliance_id OR NEW.position <> OLD.position
       OR (OLD.order_id IS NOT NULL AND NEW.order_id IS DISTINCT FROM OLD.order_id)
       OR (NEW.active AND NOT OLD.active) THEN
        RAISE EXCEPTION 'rollout %: appliance % target is not moved, reassigned or reactivated', OLD.rollout_id,
            OLD.appliance_id;
    END IF;
    IF NEW.state = OLD.state THEN
        RETURN NEW;
    END IF;
    IF NOT ((OLD.state = 'pending' AND NEW.state IN ('ordered', 'skipped', 'aborted'))
            OR (OLD.state = 'ordered' AND NEW.state IN ('committed', 'failed', 'rolled-back', 'timed-out', 'skipped',
                                                       'aborted'))
            OR (OLD.state IN ('failed', 'rolled-back', 'timed-out') AND NEW.state = 'skipped')) THEN
        RAISE EXCEPTION 'rollout %: appliance % cannot go from % to %', OLD.rollout_id, OLD.appliance_id, OLD.state,
            NEW.state;
    END IF;
    IF NEW.state = 'ordered' THEN
        IF NOT EXISTS (SELECT 1 FROM rollout_groups g JOIN rollouts r ON r.id = g.rollout_id
                       WHERE g.rollout_id = NEW.rollout_id AND g.position = NEW.position AND g.status = 'running'
                         AND r.status = 'running') THEN
            RAISE EXCEPTION 'rollout %: appliance % is ordered only while its group % and the rollout run',
                NEW.rollout_id, NEW.appliance_id, NEW.position;
        END IF;
        INSERT INTO rollout_events (rollout_id, kind, position, appliance_id)
        VALUES (NEW.rollout_id, 'assigned', NEW.position, NEW.appliance_id);
    ELSIF NEW.state = 'skipped' THEN
        INSERT INTO rollout_events (rollout_id, kind, position, appliance_id)
        VALUES (NEW.rollout_id, 'skipped', NEW.position, NEW.appliance_id);
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER rollout_targets_guard BEFORE UPDATE ON rollout_targets
    FOR EACH ROW EXECUTE FUNCTION rollout_targets_guard();

-- history is append-only
CREATE FUNCTION rollout_events_append_only() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog, public AS $$
BEGIN
    RAISE EXCEPTION 'rollout_events is append-only';
END
$$;
CREATE TRIGGER rollout_events_append_only BEFORE UPDATE OR DELETE ON rollout_events
    FOR EACH ROW EXECUTE FUNCTION rollout_events_append_only();

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'osiris_runtime') THEN
        GRANT SELECT, INSERT, UPDATE, DELETE ON appliance_update_state, partner_rollout_settings,
            site_maintenance_windows, appliance_tags, rollouts, rollout_groups, rollout_targets TO osiris_runtime;
        GRANT SELECT, INSERT ON releases, rollout_events TO osiris_runtime;
        REVOKE UPDATE, DELETE ON releases, rollout_events FROM osiris_runtime;
        GRANT USAGE, SELECT ON SEQUENCE rollout_events_id_seq TO osiris_runtime;
        GRANT EXECUTE ON FUNCTION maintenance_window_open(text, timestamptz) TO osiris_runtime;
    END IF;
END
$$;
