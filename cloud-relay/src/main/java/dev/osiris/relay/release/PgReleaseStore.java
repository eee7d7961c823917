package dev.osiris.relay.release;

import dev.osiris.relay.RelayException;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link ReleaseStore} on PostgreSQL (V11's {@code releases}; the runtime role may only insert and read). */
public final class PgReleaseStore implements ReleaseStore {

    private static final String COLUMNS = "version, size, sha256, manifest, signature, rollback, image_file, url,"
            + " added_by, created_at";
    private static final String INSERT = "INSERT INTO releases (" + COLUMNS + ") VALUES ($1, $2, $3, $4, $5, $6, $7,"
            + " $8, $9, now()) RETURNING " + COLUMNS;
    private static final String GET = "SELECT " + COLUMNS + " FROM releases WHERE version = $1";
    private static final String LIST = "SELECT " + COLUMNS + " FROM releases ORDER BY created_at DESC, version DESC";
    private static final String UNIQUE_VIOLATION = "23505";

    private final Pool pool;

    public PgReleaseStore(Pool pool) {
        this.pool = pool;
    }

    @Override
    public Future<Release> add(Release r) {
        return pool.preparedQuery(INSERT).execute(Tuple.of(r.version(), r.size(), r.sha256(), r.manifest(),
                        r.signature(), r.rollback(), r.imageFile().orElse(null), r.url().orElse(null), r.addedBy()))
                .map(rows -> read(rows.iterator().next()))
                .recover(e -> Future.failedFuture(e instanceof PgException pg
                        && UNIQUE_VIOLATION.equals(pg.getSqlState())
                        ? RelayException.conflict("release " + r.version() + " exists already") : e));
    }

    @Override
    public Future<Release> get(String version) {
        return pool.preparedQuery(GET).execute(Tuple.of(version)).map(rows -> {
            if (rows.size() == 0) {
                throw RelayException.notFound("release " + version + " not found");
            }
            return read(rows.iterator().next());
        });
    }

    @Override
    public Future<List<Release>> list() {
        return pool.preparedQuery(LIST).execute().map(rows -> {
            List<Release> out = new ArrayList<>(rows.size());
            rows.forEach(row -> out.add(read(row)));
            return out;
        });
    }

    private static Release read(Row row) {
        return new Release(row.getString("version"), row.getLong("size"), row.getString("sha256"),
                row.getString("manifest"), row.getString("signature"), row.getBoolean("rollback"),
                Optional.ofNullable(row.getString("image_file")), Optional.ofNullable(row.getString("url")),
                row.getString("added_by"), row.getOffsetDateTime("created_at").toInstant());
    }
}
