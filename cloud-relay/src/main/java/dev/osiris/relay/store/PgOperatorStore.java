package dev.osiris.relay.store;

import dev.osiris.relay.RelayException;
import dev.osiris.relay.auth.Role;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link OperatorStore} on PostgreSQL. */
public final class PgOperatorStore implements OperatorStore {

    private static final String INSERT_PARTNER = "INSERT INTO partners (id, name) VALUES ($1, $2)";
    private static final String PARTNERS = "SELECT id, name, created_at FROM partners ORDER BY created_at, id";
    private static final String INSERT_KEY = "INSERT INTO operator_keys (key_sha256, name, partner_id, role)"
            + " SELECT $1, $2, p.id, $4 FROM partners p WHERE p.id = $3";
    // Every request looks its key up, so a revocation made by any relay or CLI holds at once everywhere; the use
    // time is written at most once a minute per key so that a busy operator does not write on every request.
    private static final String OPERATOR_OF = """
            WITH valid AS (
                SELECT key_sha256, key_id, name, partner_id, role, last_used_at FROM operator_keys
                WHERE key_sha256 = $1 AND revoked_at IS NULL
            ), used AS (
                UPDATE operator_keys k SET last_used_at = now() FROM valid v
                WHERE k.key_sha256 = v.key_sha256
                  AND (v.last_used_at IS NULL OR v.last_used_at < now() - interval '1 minute')
            )
            SELECT key_id, name, partner_id, role FROM valid
            """;
    private static final String KEYS = "SELECT key_id, name, role, partner_id, created_at, last_used_at, revoked_at,"
            + " revoked_by FROM operator_keys WHERE ($1::text IS NULL OR partner_id = $1)"
            + " ORDER BY created_at DESC, key_id";
    private static final String REVOKE = """
            WITH revoked AS (
                UPDATE operator_keys SET revoked_at = now(), revoked_by = $3
                WHERE key_id = $1 AND ($2::text IS NULL OR partner_id = $2) AND revoked_at IS NULL
                RETURNING key_id, partner_id
            ), audit AS (
                INSERT INTO audit_log (actor, action, subject, partner_id)
                SELECT $3, 'operator-key.revoke', key_id, partner_id FROM revoked
            )
            SELECT key_id FROM revoked
            """;
    private static final String RENAME = "UPDATE operator_keys SET name = $3 WHERE key_id = $1"
            + " AND ($2::text IS NULL OR partner_id = $2) AND revoked_at IS NULL RETURNING key_id";
    private static final String EXISTS = "SELECT 1 FROM operator_keys WHERE key_id = $1"
            + " AND ($2::text IS NULL OR partner_id = $2)";

    private final Pool pool;
    private final Ids ids;

    public PgOperatorStore(Pool pool, Ids ids) {
        this.pool = pool;
        this.ids = ids;
    }

    @Override
    public Future<String> createPartner(String name) {
        String id = ids.next("partner");
        return pool.preparedQuery(INSERT_PARTNER).execute(Tuple.of(id, name)).map(id);
    }

    @Override
    public Future<List<Partner>> partners() {
        return pool.query(PARTNERS).execute().map(rows -> {
            List<Partner> out = new ArrayList<>(rows.size());
            rows.forEach(r -> out.add(new Partner(r.getString("id"), r.getString("name"),
                    PgApplianceStore.instant(r, "created_at"))));
            return out;
        });
    }

    @Override
    public Future<Void> addKey(String keySha256, String name, String partnerId, Role role) {
        return pool.preparedQuery(INSERT_KEY).execute(Tuple.of(keySha256, name, partnerId, role.wire())).map(rows -> {
            if (rows.rowCount() == 0) {
                throw RelayException.notFound("partner " + partnerId + " not found");
            }
            return null;
        });
    }

    @Override
    public Future<Optional<Operator>> operatorOf(String keySha256) {
        return pool.preparedQuery(OPERATOR_OF).execute(Tuple.of(keySha256)).map(rows -> {
            if (rows.size() == 0) {
                return Optional.empty();
            }
            Row row = rows.iterator().next();
            return Optional.of(new Operator(row.getString("name"), Tenant.partner(row.getString("partner_id")),
                    row.getString("key_id"), Role.parse(row.getString("role"))));
        });
    }

    @Override
    public Future<List<ApiKeyInfo>> keys(Tenant tenant) {
        return pool.preparedQuery(KEYS).execute(Tuple.of(tenant.partnerId())).map(rows -> {
            List<ApiKeyInfo> out = new ArrayList<>(rows.size());
            for (Row r : rows) {
                out.add(new ApiKeyInfo(r.getString("key_id"), "operator", r.getString("role"), r.getString("name"),
                        r.getString("partner_id"), PgApplianceStore.instant(r, "created_at"),
                        PgApplianceStore.instant(r, "last_used_at"), PgApplianceStore.instant(r, "revoked_at"),
                        r.getString("revoked_by")));
            }
            return out;
        });
    }

    @Override
    public Future<Void> revoke(Tenant tenant, String keyId, String actor) {
        return pool.preparedQuery(REVOKE).execute(Tuple.of(keyId, tenant.partnerId(), actor)).compose(rows ->
                rows.size() > 0 ? Future.succeededFuture() : whyNot(tenant, keyId, "is revoked already"));
    }

    @Override
    public Future<Void> rename(Tenant tenant, String keyId, String name) {
        return pool.preparedQuery(RENAME).execute(Tuple.of(keyId, tenant.partnerId(), name)).compose(rows ->
                rows.size() > 0 ? Future.succeededFuture() : whyNot(tenant, keyId, "is revoked; it keeps its name"));
    }

    /** Why a change to a valid key matched no row: 404 for a key the tenant cannot see, else 409 (revoked). */
    private Future<Void> whyNot(Tenant tenant, String keyId, String revoked) {
        return pool.preparedQuery(EXISTS).execute(Tuple.of(keyId, tenant.partnerId())).map(found -> {
            if (found.size() == 0) {
                throw RelayException.notFound("operator key " + keyId + " not found");
            }
            throw RelayException.conflict("operator key " + keyId + " " + revoked);
        });
    }
}
