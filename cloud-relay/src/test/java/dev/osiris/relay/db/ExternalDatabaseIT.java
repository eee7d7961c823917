package dev.osiris.relay.db;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Optional;

import static dev.osiris.testing.Await.await;
import static dev.osiris.testing.Await.failure;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An external PostgreSQL set up as {@code db/migration/README.md} says (an owner role for migrations, a login
 * role that is a member of osiris_runtime for the relay), and the single-URL setup of before, both work. The
 * embedded server stands in for the external one.
 */
class ExternalDatabaseIT {

    @TempDir
    Path dataDir;
    @TempDir
    Path unused;

    EmbeddedPostgres server;
    Vertx vertx;
    String base;

    @BeforeEach
    void start() throws Exception {
        server = EmbeddedPostgres.start(dataDir);
        vertx = Vertx.vertx();
        int port = server.connection().port();
        String superuser = Files.readString(dataDir.resolve("pg.password")).trim();
        base = "127.0.0.1:" + port;
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + base + "/template1", "osiris", superuser);
             Statement s = c.createStatement()) {
            s.execute("CREATE ROLE ext_owner LOGIN PASSWORD 'owner-pw'");
            s.execute("CREATE DATABASE ext OWNER ext_owner");
            s.execute("CREATE ROLE ext_relay LOGIN PASSWORD 'relay-pw' IN ROLE osiris_runtime");
            s.execute("CREATE ROLE ext_single LOGIN PASSWORD 'single-pw'");
            s.execute("CREATE DATABASE single OWNER ext_single");
        }
    }

    @AfterEach
    void stop() throws Exception {
        await(vertx.close());
        server.close();
    }

    @Test
    void aMigrationUrlOwnsTheSchemaAndTheRelaysRoleOnlyUsesIt() throws Exception {
        Database db = await(Database.open(vertx, new Database.Config(unused,
                Optional.of("postgres://ext_relay:relay-pw@" + base + "/ext"),
                Optional.of("postgres://ext_owner:owner-pw@" + base + "/ext"), 2)));
        try {
            await(db.pool().query("INSERT INTO sites (id, partner_id, name) VALUES ('s', 'default', 'S')").execute());
            assertThat(await(db.pool().query("SELECT tableowner FROM pg_tables WHERE tablename = 'sites'").execute())
                    .iterator().next().getString(0)).isEqualTo("ext_owner");
            Throwable refused = failure(db.pool().query("ALTER TABLE evidence DISABLE TRIGGER ALL").execute());
            assertThat(refused).hasMessageContaining("must be owner");
        } finally {
            await(db.close());
        }
    }

    @Test
    void oneUrlStillMigratesAndServes() throws Exception {
        Database db = await(Database.open(vertx, new Database.Config(unused,
                Optional.of("postgres://ext_single:single-pw@" + base + "/single"), 2)));
        try {
            await(db.pool().query("INSERT INTO sites (id, partner_id, name) VALUES ('s', 'default', 'S')").execute());
            assertThat(await(db.pool().query("SELECT count(*) FROM sites").execute()).iterator().next().getLong(0))
                    .isEqualTo(1);
        } finally {
            await(db.close());
        }
    }
}
