package dev.osiris.relay.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.protocol.checkin.EvidenceHead;
import dev.osiris.protocol.checkin.TargetTransport;
import dev.osiris.protocol.json.Json;
import dev.osiris.relay.RelayException;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link ApplianceStore} on PostgreSQL. */
public final class PgApplianceStore implements ApplianceStore {

    private static final String TENANT = "($2::text IS NULL OR s.partner_id = $2)";
    private static final String IDENTITY = "SELECT a.id, a.site_id, s.partner_id, a.public_key"
            + " FROM appliances a JOIN sites s ON s.id = a.site_id";
    private static final String BY_KEY = IDENTITY + " WHERE a.api_key_sha256 = $1";
    private static final String GET = IDENTITY + " WHERE a.id = $1 AND " + TENANT;
    private static final String PROVISION = "INSERT INTO appliances (id, site_id, api_key_sha256)"
            + " SELECT $1, s.id, $3 FROM sites s WHERE s.id = $4 AND " + TENANT;
    private static final String PIN = "WITH pinned AS (UPDATE appliances SET public_key = $2"
            + " WHERE id = $1 AND public_key IS NULL RETURNING public_key)"
            + " SELECT public_key, 0 AS rank FROM pinned"
            + " UNION ALL SELECT public_key, 1 AS rank FROM appliances WHERE id = $1 ORDER BY rank";
    private static final String CLEAR_PIN = "UPDATE appliances a SET public_key = NULL FROM sites s"
            + " WHERE a.id = $1 AND s.id = a.site_id AND " + TENANT;
    private static final String LIST = "SELECT s.id AS sid, a.id, a.last_checkin_at, a.agent_version, a.status,"
            + " a.public_key, a.evidence_seq, a.evidence_hash, a.transports::text AS transports"
            + " FROM sites s LEFT JOIN appliances a ON a.site_id = s.id WHERE s.id = $1 AND " + TENANT
            + " ORDER BY a.created_at, a.id";
    private static final String ADD_ORDER = "INSERT INTO orders (id, appliance_id, kind, payload)"
            + " SELECT $1, a.id, $3, $4::text::jsonb FROM appliances a JOIN sites s ON s.id = a.site_id"
            + " WHERE a.id = $5 AND " + TENANT;

    private final Pool pool;
    private final Ids ids;

    public PgApplianceStore(Pool pool, Ids ids) {
        this.pool = pool;
        this.ids = ids;
    }

    @Override
    public Future<String> provision(Tenant tenant, String siteId, String apiKeySha256) {
        String id = ids.next("app");
        return pool.preparedQuery(PROVISION).execute(Tuple.of(id, tenant.partnerId(), apiKeySha256, siteId))
                .map(rows -> {
                    if (rows.rowCount() == 0) {
                        throw RelayException.notFound("site " + siteId + " not found");
                    }
                    return id;
                });
    }

    @Override
    public Future<Optional<Appliance>> findByKeyHash(String apiKeySha256) {
        return pool.preparedQuery(BY_KEY).execute(Tuple.of(apiKeySha256))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(appliance(rows.iterator().next())));
    }

    @Override
    public Future<Appliance> get(Tenant tenant, String applianceId) {
        return pool.preparedQuery(GET).execute(Tuple.of(applianceId, tenant.partnerId())).map(rows -> {
            if (rows.size() == 0) {
                throw RelayException.notFound("appliance " + applianceId + " not found");
            }
            return appliance(rows.iterator().next());
        });
    }

    @Override
    public Future<String> pin(String applianceId, String publicKey) {
        return pool.preparedQuery(PIN).execute(Tuple.of(applianceId, publicKey)).map(rows -> {
            for (Row r : rows) {
                if (r.getString("public_key") != null) {
                    return r.getString("public_key");
                }
            }
            throw RelayException.conflict("the appliance key changed during this check-in; retry");
        });
    }

    @Override
    public Future<Void> clearPin(Tenant tenant, String applianceId) {
        return pool.preparedQuery(CLEAR_PIN).execute(Tuple.of(applianceId, tenant.partnerId())).map(rows -> {
            if (rows.rowCount() == 0) {
                throw RelayException.notFound("appliance " + applianceId + " not found");
            }
            return null;
        });
    }

    @Override
    public Future<List<ApplianceStatus>> list(Tenant tenant, String siteId) {
        return pool.preparedQuery(LIST).execute(Tuple.of(siteId, tenant.partnerId())).map(rows -> {
            if (rows.size() == 0) {
                throw RelayException.notFound("site " + siteId + " not found");
            }
            List<ApplianceStatus> out = new ArrayList<>();
            for (Row r : rows) {
                if (r.getString("id") != null) {
                    OffsetDateTime last = r.getOffsetDateTime("last_checkin_at");
                    out.add(new ApplianceStatus(r.getString("id"), siteId, last == null ? null : last.toInstant(),
                            r.getString("agent_version"), r.getString("status"), r.getString("public_key"),
                            new EvidenceHead(r.getLong("evidence_seq"), r.getString("evidence_hash")),
                            transports(r.getString("transports"))));
                }
            }
            return out;
        });
    }

    @Override
    public Future<String> addOrder(Tenant tenant, String applianceId, String type, ObjectNode payload) {
        String id = ids.next("ord");
        return pool.preparedQuery(ADD_ORDER)
                .execute(Tuple.of(id, tenant.partnerId(), type, Json.text(payload), applianceId)).map(rows -> {
                    if (rows.rowCount() == 0) {
                        throw RelayException.notFound("appliance " + applianceId + " not found");
                    }
                    return id;
                });
    }

    private static Appliance appliance(Row r) {
        return new Appliance(r.getString("id"), r.getString("site_id"), r.getString("partner_id"),
                r.getString("public_key"));
    }

    /** The transports column as the appliance reported it (its check-in was validated on the way in). */
    private static List<TargetTransport> transports(String json) {
        List<TargetTransport> out = new ArrayList<>();
        com.fasterxml.jackson.databind.JsonNode array;
        try {
            array = Json.MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("unreadable transports from the database", e);
        }
        int i = 0;
        for (com.fasterxml.jackson.databind.JsonNode t : array) {
            out.add(TargetTransport.fromJson(t, "appliances.transports[" + i++ + "]"));
        }
        return out;
    }
}
