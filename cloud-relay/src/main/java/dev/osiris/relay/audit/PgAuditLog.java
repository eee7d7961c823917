package dev.osiris.relay.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.protocol.json.Json;
import dev.osiris.relay.RelayException;
import dev.osiris.relay.store.Tenant;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;

/** {@link AuditLog} on PostgreSQL's {@code audit_log}. */
public final class PgAuditLog implements AuditLog {

    public static final int MAX_PAGE = 1000;

    private static final String INSERT = "INSERT INTO audit_log (partner_id, actor, action, subject, source, details)"
            + " VALUES ($1, $2, $3, $4, $5, $6)";
    private static final String LIST = "SELECT id, at, partner_id, actor, action, subject, source, details::text"
            + " AS details FROM audit_log WHERE ($1::text IS NULL OR partner_id = $1) AND ($2 = 0 OR id < $2)"
            + " ORDER BY id DESC LIMIT $3";

    private final Pool pool;

    public PgAuditLog(Pool pool) {
        this.pool = pool;
    }

    @Override
    public Future<Void> record(String partnerId, String actor, String action, String subject, String source,
                               ObjectNode details) {
        return pool.preparedQuery(INSERT)
                .execute(Tuple.of(partnerId, actor, action, subject, source, new JsonObject(Json.text(details))))
                .mapEmpty();
    }

    @Override
    public Future<List<AuditEntry>> list(Tenant tenant, long beforeId, int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            return Future.failedFuture(RelayException.badRequest("limit must be between 1 and " + MAX_PAGE));
        }
        return pool.preparedQuery(LIST).execute(Tuple.of(tenant.partnerId(), beforeId, limit)).map(rows -> {
            List<AuditEntry> out = new ArrayList<>(rows.size());
            for (Row r : rows) {
                out.add(new AuditEntry(r.getLong("id"), r.getOffsetDateTime("at").toInstant(),
                        r.getString("partner_id"), r.getString("actor"), r.getString("action"),
                        r.getString("subject"), r.getString("source"),
                        Json.parseObject(r.getString("details"))));
            }
            return out;
        });
    }
}
