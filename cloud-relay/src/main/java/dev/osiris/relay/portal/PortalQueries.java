package dev.osiris.relay.portal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.osiris.protocol.checkin.ComplianceReport;
import dev.osiris.protocol.checkin.FrameworkScore;
import dev.osiris.protocol.json.Json;
import dev.osiris.relay.store.Tenant;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The portal's own reads: one statement per page part, whatever the number of sites (no N+1). */
public final class PortalQueries {

    /** A point of a site's compliance history: when, and percent passing per framework. */
    public record ScorePoint(Instant at, Map<String, Integer> scores) {
    }

    // An appliance is online when it checked in within three of its site's intervals (at least three minutes).
    // The scores are printed by the database, as percent() computes them: parsing each site's report in Java was a
    // tenth of the dashboard's event-loop time (bench portal under JFR).
    private static final String DASHBOARD = """
            SELECT s.id, s.name,
                   count(a.id) FILTER (WHERE a.ended_at IS NULL) AS appliances,
                   count(a.id) FILTER (WHERE a.ended_at IS NULL AND a.last_checkin_at >
                       now() - make_interval(secs => greatest(3 * s.checkin_interval_seconds, 180))) AS online,
                   max(a.last_checkin_at) AS last_checkin,
                   (SELECT count(*) FROM incidents i WHERE i.site_id = s.id AND i.resolved_at IS NULL) AS open_incidents,
                   (SELECT string_agg((f->>'framework') || ' ' || CASE WHEN (f->>'passing')::int + (f->>'failing')::int = 0
                        THEN 0 ELSE round(100.0 * (f->>'passing')::int / ((f->>'passing')::int + (f->>'failing')::int))
                        END || '%', '  ' ORDER BY n)
                    FROM (SELECT c.compliance FROM appliances c WHERE c.site_id = s.id AND c.compliance IS NOT NULL
                          ORDER BY c.compliance_at DESC LIMIT 1) latest,
                         jsonb_array_elements(latest.compliance->'frameworks') WITH ORDINALITY AS fw(f, n)) AS scores
            FROM sites s LEFT JOIN appliances a ON a.site_id = s.id
            WHERE ($1::text IS NULL OR s.partner_id = $1)
            GROUP BY s.id ORDER BY s.name, s.id
            """;
    private static final String HISTORY = """
            SELECT c.received_at, c.compliance::text AS compliance FROM checkins c JOIN appliances a ON a.id = c.appliance_id
            JOIN sites s ON s.id = a.site_id
            WHERE a.site_id = $1 AND ($2::text IS NULL OR s.partner_id = $2) AND c.compliance IS NOT NULL
            ORDER BY c.received_at DESC LIMIT 200
            """;

    private static final String RESOLVED = """
            SELECT i.id, i.host, i.runbook_id, i.summary, i.resolution_action, i.resolution_runbook_id,
                   i.resolution_note, i.resolved_by, i.resolved_at, i.resolution_acked_at
            FROM incidents i JOIN sites s ON s.id = i.site_id
            WHERE i.site_id = $1 AND ($2::text IS NULL OR s.partner_id = $2) AND i.resolved_at IS NOT NULL
            ORDER BY i.resolved_at DESC LIMIT 50
            """;

    private final Pool pool;

    public PortalQueries(Pool pool) {
        this.pool = pool;
    }

    public Future<List<SiteSummary>> dashboard(Tenant tenant) {
        return pool.preparedQuery(DASHBOARD).execute(Tuple.of(tenant.partnerId())).map(rows -> {
            List<SiteSummary> out = new ArrayList<>(rows.size());
            for (Row r : rows) {
                OffsetDateTime last = r.getOffsetDateTime("last_checkin");
                out.add(new SiteSummary(r.getString("id"), r.getString("name"), r.getLong("appliances").intValue(),
                        r.getLong("online").intValue(), last == null ? null : last.toInstant(),
                        r.getLong("open_incidents").intValue(), Objects.requireNonNullElse(r.getString("scores"), "")));
            }
            return out;
        });
    }

    /** The site's compliance per framework over its latest 200 reports, oldest first. */
    public Future<List<ScorePoint>> history(Tenant tenant, String siteId) {
        return pool.preparedQuery(HISTORY).execute(Tuple.of(siteId, tenant.partnerId())).map(rows -> {
            List<ScorePoint> out = new ArrayList<>(rows.size());
            for (Row r : rows) {
                out.addFirst(new ScorePoint(r.getOffsetDateTime("received_at").toInstant(),
                        scores(r.getString("compliance"))));
            }
            return out;
        });
    }

    /** The site's 50 latest resolved incidents, newest first. */
    public Future<List<ResolvedIncident>> resolvedIncidents(Tenant tenant, String siteId) {
        return pool.preparedQuery(RESOLVED).execute(Tuple.of(siteId, tenant.partnerId())).map(rows -> {
            List<ResolvedIncident> out = new ArrayList<>(rows.size());
            for (Row r : rows) {
                OffsetDateTime delivered = r.getOffsetDateTime("resolution_acked_at");
                out.add(new ResolvedIncident(r.getString("id"), r.getString("host"), r.getString("runbook_id"),
                        r.getString("summary"), r.getString("resolution_action"),
                        r.getString("resolution_runbook_id"), r.getString("resolution_note"),
                        r.getString("resolved_by"), r.getOffsetDateTime("resolved_at").toInstant(),
                        delivered == null ? null : delivered.toInstant()));
            }
            return out;
        });
    }

    static Map<String, Integer> scores(String complianceJson) {
        Map<String, Integer> out = new LinkedHashMap<>();
        if (complianceJson == null) {
            return out;
        }
        JsonNode node = Json.parseObject(complianceJson);
        ComplianceReport report = ComplianceReport.fromJson(node, "compliance");
        for (FrameworkScore f : report.frameworks()) {
            out.put(f.framework(), percent(f));
        }
        return out;
    }

    static int percent(FrameworkScore f) {
        int judged = f.passing() + f.failing();
        return judged == 0 ? 0 : Math.round(100f * f.passing() / judged);
    }
}
