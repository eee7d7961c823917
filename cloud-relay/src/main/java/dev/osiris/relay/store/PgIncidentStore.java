package dev.osiris.relay.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.osiris.protocol.checkin.Incident;
import dev.osiris.protocol.checkin.Resolution;
import dev.osiris.protocol.json.Json;
import dev.osiris.relay.RelayException;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** {@link IncidentStore} on PostgreSQL. */
public final class PgIncidentStore implements IncidentStore {

    // One statement per check-in: data-modifying CTEs see the same snapshot, so the pending query below filters the
    // ids acknowledged by this very report itself; the alerts' foreign key is checked at the statement's end, after
    // the incidents it refers to are in.
    private static final String RECEIVE = """
            WITH app AS (
                SELECT a.id, a.site_id, s.alert_email, s.alert_policy
                FROM appliances a JOIN sites s ON s.id = a.site_id WHERE a.id = $1
            ), given AS (
                SELECT DISTINCT ON (g.id) g.*
                FROM jsonb_to_recordset($2::text::jsonb) AS g(id text, host text, "runbookId" text,
                    "runbookVersion" integer, severity text, reason text, summary text, observed jsonb,
                    "raisedAt" timestamptz, "evidenceSeq" bigint)
            ), ins AS (
                INSERT INTO incidents (appliance_id, id, site_id, host, runbook_id, runbook_version, severity, reason,
                                       summary, observed, raised_at, evidence_seq)
                SELECT app.id, g.id, app.site_id, g.host, g."runbookId", g."runbookVersion", g.severity, g.reason,
                       g.summary, g.observed, g."raisedAt", g."evidenceSeq"
                FROM given g CROSS JOIN app
                ON CONFLICT (appliance_id, id) DO NOTHING
                RETURNING appliance_id, id, severity
            ), alerted AS (
                INSERT INTO alerts (appliance_id, incident_id, recipient)
                SELECT ins.appliance_id, ins.id, COALESCE(app.alert_email, $4::text)
                FROM ins CROSS JOIN app
                WHERE COALESCE(app.alert_email, $4::text) IS NOT NULL
                  AND (ins.severity = 'critical' OR app.alert_policy = 'all')
                ON CONFLICT DO NOTHING
                RETURNING 1
            ), acked AS (
                UPDATE incidents SET resolution_acked_at = now()
                WHERE appliance_id = $1 AND id = ANY($3::text[])
                  AND resolved_at IS NOT NULL AND resolution_acked_at IS NULL
                RETURNING 1
            )
            SELECT (SELECT count(*) FROM app) AS known,
                (SELECT json_agg(json_build_object('incidentId', i.id, 'action', i.resolution_action,
                        'runbookId', i.resolution_runbook_id, 'note', i.resolution_note, 'resolvedBy', i.resolved_by,
                        'resolvedAtMicros', (extract(epoch FROM i.resolved_at) * 1000000)::bigint)
                        ORDER BY i.resolved_at)
                 FROM incidents i
                 WHERE i.appliance_id = $1 AND i.resolved_at IS NOT NULL AND i.resolution_acked_at IS NULL
                   AND NOT (i.id = ANY($3::text[]))) AS pending
            """;
    private static final String COLUMNS = "i.appliance_id, i.site_id, i.id, i.host, i.runbook_id, i.runbook_version,"
            + " i.severity, i.reason, i.summary, i.observed::text AS observed_text, i.raised_at, i.evidence_seq,"
            + " i.received_at, i.resolved_at, i.resolution_action, i.resolution_runbook_id, i.resolution_note,"
            + " i.resolved_by";
    private static final String VISIBLE_SITE = "SELECT s.id FROM sites s WHERE s.id = $1"
            + " AND ($2::text IS NULL OR s.partner_id = $2)";
    // The site row is joined so that "no such site" and "no incidents" can be told apart in one round trip.
    private static final String LIST = "SELECT s.id AS visible_site, " + COLUMNS
            + " FROM (" + VISIBLE_SITE + ") s"
            + " LEFT JOIN incidents i ON i.site_id = s.id"
            + " AND ($3::text = 'any' OR ($3::text = 'open') = (i.resolved_at IS NULL))"
            + " ORDER BY i.received_at DESC NULLS LAST, i.id LIMIT $4";
    private static final String GET = "SELECT " + COLUMNS + " FROM incidents i JOIN sites s ON s.id = i.site_id"
            + " WHERE i.site_id = $1 AND ($2::text IS NULL OR s.partner_id = $2) AND i.id = $3"
            + " ORDER BY i.received_at DESC LIMIT 1";
    private static final String RESOLVE = "UPDATE incidents i SET resolved_at = $5, resolution_action = $6,"
            + " resolution_runbook_id = $7, resolution_note = $8, resolved_by = $9"
            + " FROM sites s WHERE s.id = i.site_id AND i.site_id = $1 AND ($2::text IS NULL OR s.partner_id = $2)"
            + " AND i.appliance_id = $3 AND i.id = $4 AND i.resolved_at IS NULL"
            + " RETURNING " + COLUMNS;

    private final Pool pool;

    public PgIncidentStore(Pool pool) {
        this.pool = pool;
    }

    @Override
    public Future<List<Resolution>> receive(String applianceId, List<Incident> incidents, List<String> acked,
                                            Optional<String> defaultRecipient) {
        ArrayNode given = Json.MAPPER.createArrayNode();
        incidents.forEach(i -> given.add(i.toJson()));
        Tuple params = Tuple.of(applianceId, Json.text(given), acked.toArray(String[]::new),
                defaultRecipient.orElse(null));
        return pool.preparedQuery(RECEIVE).execute(params).map(rows -> {
            Row row = rows.iterator().next();
            if (row.getLong("known") == 0) {
                throw RelayException.notFound("appliance " + applianceId + " not found");
            }
            Object pending = row.getValue("pending");
            return pending == null ? List.of() : resolutions(pending.toString());
        });
    }

    @Override
    public Future<List<StoredIncident>> list(Tenant tenant, String siteId, Status status, int limit) {
        Tuple params = Tuple.of(siteId, tenant.partnerId(), status.name().toLowerCase(Locale.ROOT), limit);
        return pool.preparedQuery(LIST).execute(params).map(rows -> {
            if (rows.size() == 0) {
                throw RelayException.notFound("site " + siteId + " not found");
            }
            List<StoredIncident> out = new ArrayList<>(rows.size());
            for (Row r : rows) {
                if (r.getString("id") != null) {
                    out.add(incident(r));
                }
            }
            return out;
        });
    }

    @Override
    public Future<StoredIncident> get(Tenant tenant, String siteId, String incidentId) {
        return pool.preparedQuery(GET).execute(Tuple.of(siteId, tenant.partnerId(), incidentId)).map(rows -> {
            if (rows.size() == 0) {
                throw RelayException.notFound("incident " + incidentId + " not found at site " + siteId);
            }
            return incident(rows.iterator().next());
        });
    }

    @Override
    public Future<StoredIncident> resolve(Tenant tenant, String siteId, String applianceId, Resolution r) {
        Tuple params = Tuple.of(siteId, tenant.partnerId(), applianceId, r.incidentId(),
                OffsetDateTime.ofInstant(r.resolvedAt(), ZoneOffset.UTC), r.action(), r.runbookId(), r.note(),
                r.resolvedBy());
        return pool.preparedQuery(RESOLVE).execute(params).map(rows -> {
            if (rows.size() == 0) {
                throw RelayException.conflict("incident " + r.incidentId() + " is already resolved");
            }
            return incident(rows.iterator().next());
        });
    }

    private static StoredIncident incident(Row r) {
        Incident incident = new Incident(r.getString("id"), r.getString("host"), r.getString("runbook_id"),
                r.getInteger("runbook_version"), r.getString("severity"), r.getString("reason"),
                r.getString("summary"), Json.parseObject(r.getString("observed_text")), instant(r, "raised_at"),
                r.getLong("evidence_seq"));
        Resolution resolution = r.getString("resolution_action") == null ? null
                : new Resolution(incident.id(), r.getString("resolution_action"),
                r.getString("resolution_runbook_id"), r.getString("resolution_note"), r.getString("resolved_by"),
                instant(r, "resolved_at"));
        return new StoredIncident(r.getString("appliance_id"), r.getString("site_id"), incident,
                instant(r, "received_at"), resolution);
    }

    private static Instant instant(Row r, String column) {
        return r.getOffsetDateTime(column).toInstant();
    }

    private static List<Resolution> resolutions(String json) {
        JsonNode array;
        try {
            array = Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("unreadable resolutions from the database", e);
        }
        List<Resolution> out = new ArrayList<>(array.size());
        for (JsonNode o : array) {
            long micros = o.get("resolvedAtMicros").longValue();
            out.add(new Resolution(o.get("incidentId").textValue(), o.get("action").textValue(),
                    o.get("runbookId").isNull() ? null : o.get("runbookId").textValue(), o.get("note").textValue(),
                    o.get("resolvedBy").textValue(),
                    Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000), Math.floorMod(micros, 1_000_000) * 1000L)));
        }
        return out;
    }
}
