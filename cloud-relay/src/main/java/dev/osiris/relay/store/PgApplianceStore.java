package dev.osiris.relay.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.protocol.checkin.ClockReport;
import dev.osiris.protocol.checkin.EvidenceHead;
import dev.osiris.protocol.checkin.ReplacedChain;
import dev.osiris.protocol.checkin.TargetTransport;
import dev.osiris.protocol.evidence.ApplianceKey;
import dev.osiris.protocol.json.Fields;
import dev.osiris.protocol.json.Json;
import dev.osiris.relay.RelayException;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/** {@link ApplianceStore} on PostgreSQL. */
public final class PgApplianceStore implements ApplianceStore {

    private static final String TENANT = "($2::text IS NULL OR s.partner_id = $2)";
    private static final String IDENTITY = "SELECT a.id, a.site_id, s.partner_id, a.public_key, p.id AS prev_id,"
            + " p.evidence_seq AS prev_seq, p.evidence_hash AS prev_hash, p.ended_at AS prev_ended_at,"
            + " p.ended_by AS prev_ended_by, p.ended_reason AS prev_reason"
            + " FROM appliances a JOIN sites s ON s.id = a.site_id"
            // the predecessor is named until the successor's own chain reaches the relay: its agent records the
            // replacement before its first upload, so it is told until it has, and not again after a restart
            + " LEFT JOIN appliances p ON p.id = a.replaces AND a.evidence_seq = 0";
    private static final String BY_KEY = IDENTITY + " WHERE a.api_key_sha256 = $1 AND a.key_revoked_at IS NULL";
    private static final String GET = IDENTITY + " WHERE a.id = $1 AND " + TENANT;
    private static final String STATE = "SELECT a.key_revoked_at, a.ended_at,"
            + " (SELECT n.id FROM appliances n WHERE n.replaces = a.id) AS replaced_by"
            + " FROM appliances a JOIN sites s ON s.id = a.site_id WHERE a.id = $1 AND " + TENANT;
    private static final String PROVISION = "INSERT INTO appliances (id, site_id, api_key_sha256)"
            + " SELECT $1, s.id, $3 FROM sites s WHERE s.id = $4 AND " + TENANT;
    private static final String PIN = "WITH pinned AS (UPDATE appliances SET public_key = $2"
            + " WHERE id = $1 AND public_key IS NULL RETURNING public_key)"
            + " SELECT public_key, 0 AS rank FROM pinned"
            + " UNION ALL SELECT public_key, 1 AS rank FROM appliances WHERE id = $1 ORDER BY rank";
    // One statement, so that the old key stops working in the same instant as the new one starts, and the audit
    // row exists exactly when the replacement does. A key revoked earlier keeps its revocation time.
    private static final String REPLACE = """
            WITH old AS (
                UPDATE appliances a SET key_revoked_at = COALESCE(a.key_revoked_at, now()),
                    key_revoked_by = COALESCE(a.key_revoked_by, $3), ended_at = now(), ended_by = $3,
                    ended_reason = $4
                FROM sites s
                WHERE a.id = $1 AND s.id = a.site_id AND ($2::text IS NULL OR s.partner_id = $2) AND a.ended_at IS NULL
                RETURNING a.id, a.site_id, a.evidence_seq, a.evidence_hash
            ), successor AS (
                INSERT INTO appliances (id, site_id, api_key_sha256, replaces)
                SELECT $5, site_id, $6, id FROM old
                RETURNING id
            ), audit AS (
                INSERT INTO audit_log (actor, action, subject, details)
                SELECT $3, 'appliance.replace', id, jsonb_build_object('replacement', $5::text, 'reason', $4::text,
                    'finalHead', jsonb_build_object('seq', evidence_seq, 'hash', evidence_hash))
                FROM old
            )
            SELECT evidence_seq, evidence_hash FROM old
            """;
    private static final String REVOKE_KEY = """
            WITH revoked AS (
                UPDATE appliances a SET key_revoked_at = now(), key_revoked_by = $3
                FROM sites s
                WHERE a.id = $1 AND s.id = a.site_id AND ($2::text IS NULL OR s.partner_id = $2)
                  AND a.key_revoked_at IS NULL
                RETURNING a.id
            ), audit AS (
                INSERT INTO audit_log (actor, action, subject) SELECT $3, 'appliance.revoke-key', id FROM revoked
            )
            SELECT id FROM revoked
            """;
    private static final String KEYS = "SELECT a.id, s.id AS site_id, s.name AS site_name, s.partner_id, a.created_at,"
            + " a.last_checkin_at, a.key_revoked_at, a.key_revoked_by"
            + " FROM appliances a JOIN sites s ON s.id = a.site_id WHERE ($1::text IS NULL OR s.partner_id = $1)"
            + " ORDER BY a.created_at DESC, a.id";
    private static final String LIST = "SELECT s.id AS sid, a.id, a.last_checkin_at, a.agent_version, a.status,"
            + " a.public_key, a.evidence_seq, a.evidence_hash, a.replaces, a.ended_at, a.ended_reason, a.ended_by,"
            + " (SELECT n.id FROM appliances n WHERE n.replaces = a.id) AS replaced_by,"
            // the history keeps a row whenever the boot slot changes (HistoryDigest), so its newest row has it
            + " (SELECT c.boot_partition FROM checkins c WHERE c.appliance_id = a.id ORDER BY c.seq DESC LIMIT 1)"
            + " AS boot_slot,"
            + " a.transports::text AS transports, a.clock::text AS clock"
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
    public Future<Replaced> replace(Tenant tenant, String applianceId, String newKeySha256, String actor,
                                    String reason) {
        String successor = ids.next("app");
        return pool.preparedQuery(REPLACE)
                .execute(Tuple.of(applianceId, tenant.partnerId(), actor, reason, successor, newKeySha256))
                .compose(rows -> {
                    if (rows.size() == 0) {
                        return refusal(tenant, applianceId, by -> "it was replaced already by " + by);
                    }
                    Row r = rows.iterator().next();
                    return Future.succeededFuture(new Replaced(successor, applianceId,
                            new EvidenceHead(r.getLong("evidence_seq"), r.getString("evidence_hash"))));
                });
    }

    @Override
    public Future<Void> revokeKey(Tenant tenant, String applianceId, String actor) {
        return pool.preparedQuery(REVOKE_KEY).execute(Tuple.of(applianceId, tenant.partnerId(), actor))
                .compose(rows -> rows.size() == 0 ? refusal(tenant, applianceId, by -> "its key was revoked already")
                        : Future.succeededFuture());
    }

    /** Why an update of the appliance changed nothing: 404 when the tenant cannot see it, else 409. */
    private <T> Future<T> refusal(Tenant tenant, String applianceId, Function<String, String> conflict) {
        return pool.preparedQuery(STATE).execute(Tuple.of(applianceId, tenant.partnerId())).map(rows -> {
            if (rows.size() == 0) {
                throw RelayException.notFound("appliance " + applianceId + " not found");
            }
            String by = rows.iterator().next().getString("replaced_by");
            throw RelayException.conflict("appliance " + applianceId + ": " + conflict.apply(by));
        });
    }

    @Override
    public Future<List<ApiKeyInfo>> keys(Tenant tenant) {
        return pool.preparedQuery(KEYS).execute(Tuple.of(tenant.partnerId())).map(rows -> {
            List<ApiKeyInfo> out = new ArrayList<>(rows.size());
            for (Row r : rows) {
                out.add(new ApiKeyInfo(r.getString("id"), "appliance", null,
                        r.getString("site_id") + " (" + r.getString("site_name") + ")", r.getString("partner_id"),
                        instant(r, "created_at"), instant(r, "last_checkin_at"), instant(r, "key_revoked_at"),
                        r.getString("key_revoked_by")));
            }
            return out;
        });
    }

    static Instant instant(Row r, String column) {
        OffsetDateTime t = r.getOffsetDateTime(column);
        return t == null ? null : t.toInstant();
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
                    out.add(new ApplianceStatus(r.getString("id"), siteId, instant(r, "last_checkin_at"),
                            r.getString("agent_version"), r.getString("boot_slot"), r.getString("status"),
                            r.getString("public_key"),
                            new EvidenceHead(r.getLong("evidence_seq"), r.getString("evidence_hash")),
                            r.getString("replaces"), r.getString("replaced_by"), instant(r, "ended_at"),
                            r.getString("ended_reason"), r.getString("ended_by"),
                            transports(r.getString("transports")), clock(r.getString("clock"))));
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
        String previous = r.getString("prev_id");
        Optional<ReplacedChain> replaces = previous == null ? Optional.empty()
                : Optional.of(new ReplacedChain(previous,
                        new EvidenceHead(r.getLong("prev_seq"), r.getString("prev_hash")),
                        instant(r, "prev_ended_at"), r.getString("prev_ended_by"),
                        Objects.requireNonNullElse(r.getString("prev_reason"), "")));
        return new Appliance(r.getString("id"), r.getString("site_id"), r.getString("partner_id"),
                publicKey(r.getString("public_key")), replaces);
    }

    /** A pinned key was validated when it was pinned, so it decodes. */
    private static ApplianceKey.PublicKey publicKey(String base64) {
        return base64 == null ? null : ApplianceKey.PublicKey.fromBase64(base64);
    }

    /** The clock column as the appliance reported it (validated on the way in), or null. */
    private static ClockReport clock(String json) {
        if (json == null) {
            return null;
        }
        try {
            return ClockReport.read(new Fields(Json.MAPPER.readTree(json), "appliances.clock"));
        } catch (IOException e) {
            throw new IllegalStateException("unreadable clock from the database", e);
        }
    }

    /** The transports column as the appliance reported it (its check-in was validated on the way in). */
    private static List<TargetTransport> transports(String json) {
        List<TargetTransport> out = new ArrayList<>();
        JsonNode array;
        try {
            array = Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("unreadable transports from the database", e);
        }
        int i = 0;
        for (JsonNode t : array) {
            out.add(TargetTransport.fromJson(t, "appliances.transports[" + i++ + "]"));
        }
        return out;
    }
}
