package dev.osiris.relay.store;

import com.fasterxml.jackson.databind.JsonNode;
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

/** {@link IncidentStore} on PostgreSQL. */
public final class PgIncidentStore implements IncidentStore {

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

    /** Decodes the JSON array of pending resolutions that {@link CheckinSql#RECORD} aggregates. */
    static List<Resolution> resolutions(String json) {
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
