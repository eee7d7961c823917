package dev.osiris.relay.db;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The relay's PostgreSQL: the server named by {@code DATABASE_URL}, or an {@link EmbeddedPostgres} under the data
 * directory; migrated with Flyway and reached through one reactive pool. Migrations run as a role that owns the
 * schema (the embedded {@code osiris_migrator}, or {@code DATABASE_MIGRATION_URL}'s), the pool as one that owns
 * nothing (the embedded {@code osiris_runtime}, or {@code DATABASE_URL}'s, which should be a member of
 * {@code osiris_runtime}: see {@code db/migration/README.md}). Starting, migrating and stopping happen on a
 * dedicated worker ({@code osiris-postgres}) since they spawn processes and use JDBC.
 */
public final class Database {

    private static final Logger LOG = Logger.getLogger(Database.class.getName());

    private final Pool pool;
    private final int poolSize;
    private final ConnectionInfo connection;
    private final EmbeddedPostgres embedded;
    private final WorkerExecutor worker;

    private Database(Pool pool, int poolSize, ConnectionInfo connection, EmbeddedPostgres embedded,
                     WorkerExecutor worker) {
        this.pool = pool;
        this.poolSize = poolSize;
        this.connection = connection;
        this.embedded = embedded;
        this.worker = worker;
    }

    /**
     * What to connect to and how many connections to keep.
     *
     * @param url          the relay's own database URL; empty runs the embedded server
     * @param migrationUrl the schema owner's URL, for migrations; empty uses {@code url} for both (one role)
     */
    public record Config(Path dataDir, Optional<String> url, Optional<String> migrationUrl, int poolSize) {
        public Config(Path dataDir, Optional<String> url, int poolSize) {
            this(dataDir, url, Optional.empty(), poolSize);
        }
    }

    /**
     * Starts or attaches to the database and migrates it.
     *
     * @return fails with {@link IOException} when the embedded server cannot start, with
     *         {@link IllegalArgumentException} for a malformed URL, or with Flyway's exception when migration fails
     */
    public static Future<Database> open(Vertx vertx, Config config) {
        WorkerExecutor worker = vertx.createSharedWorkerExecutor("osiris-postgres", 1, 10, TimeUnit.MINUTES);
        return worker.<Started>executeBlocking(() -> startAndMigrate(config))
                .map(started -> {
                    Pool pool = PgBuilder.pool()
                            .with(new PoolOptions().setMaxSize(config.poolSize()).setName("osiris-relay")
                                    .setShared(false))
                            .connectingTo(started.connection().pgOptions())
                            .using(vertx)
                            .build();
                    return new Database(pool, config.poolSize(), started.connection(), started.embedded(), worker);
                })
                .onFailure(e -> worker.close());
    }

    private record Started(ConnectionInfo connection, EmbeddedPostgres embedded) {
    }

    private static Started startAndMigrate(Config config) throws IOException {
        EmbeddedPostgres embedded = null;
        ConnectionInfo connection;
        ConnectionInfo migration;
        if (config.url().isPresent()) {
            connection = ConnectionInfo.parseUrl(config.url().get());
            migration = config.migrationUrl().map(ConnectionInfo::parseUrl).orElse(connection);
            if (config.migrationUrl().isEmpty()) {
                LOG.warning("DATABASE_URL's role both owns the schema and serves requests, so it can alter the"
                        + " evidence tables; set DATABASE_MIGRATION_URL to an owner role and give DATABASE_URL a"
                        + " member of osiris_runtime (see db/migration/README.md)");
            }
        } else {
            embedded = EmbeddedPostgres.start(config.dataDir());
            connection = embedded.connection();
            migration = embedded.migration();
        }
        try {
            Migrations.migrate(migration);
        } catch (RuntimeException e) {
            if (embedded != null) {
                embedded.close();
            }
            throw e;
        }
        LOG.info("database ready at " + connection);
        return new Started(connection, embedded);
    }

    public Pool pool() {
        return pool;
    }

    /** The pool's most connections. */
    public int poolSize() {
        return poolSize;
    }

    /** Where the database is; includes the password, so never log the record's components. */
    public ConnectionInfo connection() {
        return connection;
    }

    /** Closes the pool and stops the embedded server if this process started it. */
    public Future<Void> close() {
        return pool.close()
                .eventually(() -> worker.executeBlocking(() -> {
                    if (embedded != null) {
                        embedded.close();
                    }
                    return null;
                }))
                .eventually(worker::close)
                .mapEmpty();
    }
}
