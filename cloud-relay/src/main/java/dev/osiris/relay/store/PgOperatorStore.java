package dev.osiris.relay.store;

import dev.osiris.relay.RelayException;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

import java.util.Optional;

/** {@link OperatorStore} on PostgreSQL. */
public final class PgOperatorStore implements OperatorStore {

    private static final String INSERT_PARTNER = "INSERT INTO partners (id, name) VALUES ($1, $2)";
    private static final String INSERT_KEY = "INSERT INTO operator_keys (key_sha256, name, partner_id)"
            + " SELECT $1, $2, p.id FROM partners p WHERE p.id = $3";
    private static final String OPERATOR_OF = "SELECT name, partner_id FROM operator_keys WHERE key_sha256 = $1";

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
    public Future<Void> addKey(String keySha256, String name, String partnerId) {
        return pool.preparedQuery(INSERT_KEY).execute(Tuple.of(keySha256, name, partnerId)).map(rows -> {
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
            var row = rows.iterator().next();
            return Optional.of(new Operator(row.getString("name"), Tenant.partner(row.getString("partner_id"))));
        });
    }
}
