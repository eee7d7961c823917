package dev.osiris.relay.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.protocol.checkin.CheckinRequest;
import dev.osiris.protocol.checkin.ComplianceReport;
import dev.osiris.protocol.checkin.EvidenceHead;
import dev.osiris.protocol.checkin.Order;
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

/** {@link CheckinStore} on PostgreSQL: one round trip per check-in. */
public final class PgCheckinStore implements CheckinStore {

    // Data-modifying CTEs all run once, against the statement's snapshot: the pending-order query therefore
    // excludes the ids acknowledged by this very report itself.
    private static final String RECORD = """
            WITH ins AS (
                INSERT INTO checkins (appliance_id, seq, sent_at, agent_version, uptime_seconds, boot_partition,
                                      status, status_detail, scan, evidence_head_seq, evidence_head_hash, compliance,
                                      transports)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::text::jsonb, $10, $11, $13::text::jsonb, $14::text::jsonb)
                ON CONFLICT (appliance_id, seq) DO NOTHING
                RETURNING 1
            ), acked AS (
                UPDATE orders SET acked_at = now()
                WHERE appliance_id = $1 AND acked_at IS NULL AND id = ANY($12::text[])
                RETURNING id
            ), app AS (
                UPDATE appliances SET last_checkin_at = now(),
                    agent_version = CASE WHEN $2 >= last_seq THEN $4 ELSE agent_version END,
                    status = CASE WHEN $2 >= last_seq THEN $7 ELSE status END,
                    transports = CASE WHEN $2 >= last_seq THEN $14::text::jsonb ELSE transports END,
                    last_seq = GREATEST(last_seq, $2)
                WHERE id = $1
                RETURNING evidence_seq, evidence_hash
            )
            SELECT app.evidence_seq, app.evidence_hash,
                (SELECT json_agg(json_build_object('id', o.id, 'type', o.kind, 'payload', o.payload,
                        'issuedAtMillis', (extract(epoch FROM o.created_at) * 1000)::bigint) ORDER BY o.created_at)
                 FROM orders o
                 WHERE o.appliance_id = $1 AND o.acked_at IS NULL AND NOT (o.id = ANY($12::text[]))) AS orders
            FROM app
            """;
    // The site row is selected on its own so that an unknown site (404) differs from a site without a report.
    private static final String COMPLIANCE = """
            SELECT s.id,
                (SELECT c.compliance::text FROM checkins c JOIN appliances a ON a.id = c.appliance_id
                 WHERE a.site_id = s.id AND c.compliance IS NOT NULL
                 ORDER BY c.received_at DESC, c.seq DESC LIMIT 1) AS compliance
            FROM sites s WHERE s.id = $1 AND ($2::text IS NULL OR s.partner_id = $2)
            """;

    private final Pool pool;

    public PgCheckinStore(Pool pool) {
        this.pool = pool;
    }

    @Override
    public Future<Outcome> record(String applianceId, CheckinRequest r) {
        Tuple params = Tuple.of(applianceId, r.seq(), OffsetDateTime.ofInstant(r.sentAt(), ZoneOffset.UTC),
                r.agentVersion(), r.uptimeSeconds(), r.bootPartition(), r.status(), r.statusDetail(),
                Json.text(r.scan().toJson()), r.evidenceHead().seq(), r.evidenceHead().hash(),
                r.ackedOrders().toArray(String[]::new),
                r.compliance().computedAt() == null ? null : Json.text(r.compliance().toJson()),
                Json.text(transports(r)));
        return pool.preparedQuery(RECORD).execute(params).map(rows -> {
            if (rows.size() == 0) {
                throw RelayException.notFound("appliance " + applianceId + " not found");
            }
            Row row = rows.iterator().next();
            EvidenceHead head = new EvidenceHead(row.getLong("evidence_seq"), row.getString("evidence_hash"));
            Object orders = row.getValue("orders");
            return new Outcome(head, orders == null ? List.of() : orders(orders.toString()));
        });
    }

    @Override
    public Future<ComplianceReport> compliance(Tenant tenant, String siteId) {
        return pool.preparedQuery(COMPLIANCE).execute(Tuple.of(siteId, tenant.partnerId())).map(rows -> {
            if (rows.size() == 0) {
                throw RelayException.notFound("site " + siteId + " not found");
            }
            String json = rows.iterator().next().getString("compliance");
            return json == null ? ComplianceReport.EMPTY
                    : ComplianceReport.fromJson(Json.parseObject(json), "checkins.compliance");
        });
    }

    private static com.fasterxml.jackson.databind.node.ArrayNode transports(CheckinRequest r) {
        com.fasterxml.jackson.databind.node.ArrayNode array = Json.MAPPER.createArrayNode();
        r.transports().forEach(t -> array.add(t.toJson()));
        return array;
    }

    private static List<Order> orders(String json) {
        JsonNode array;
        try {
            array = Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("unreadable orders from the database", e);
        }
        List<Order> out = new ArrayList<>(array.size());
        for (JsonNode o : array) {
            out.add(new Order(o.get("id").textValue(), o.get("type").textValue(), (ObjectNode) o.get("payload"),
                    Instant.ofEpochMilli(o.get("issuedAtMillis").longValue())));
        }
        return out;
    }
}
