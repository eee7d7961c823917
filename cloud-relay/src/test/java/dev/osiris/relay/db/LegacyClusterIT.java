package dev.osiris.relay.db;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A cluster made by a relay from before the roles (tables in database {@code postgres}, owned by the superuser)
 * keeps its data: its database becomes {@code osiris}, its tables go to the migrator, and V3 onwards apply.
 */
class LegacyClusterIT {

    @TempDir
    Path dataDir;

    @Test
    void anOlderRelaysTablesMoveToTheMigratorWithTheirRows() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.start(dataDir)) {
            String password = Files.readString(dataDir.resolve("pg.password")).trim();
            int port = pg.connection().port();
            String base = "jdbc:postgresql://127.0.0.1:" + port + "/";
            // what an older relay left: no osiris database, V1 and V2 in postgres, applied by the superuser
            try (Connection c = DriverManager.getConnection(base + "template1", "osiris", password);
                 Statement s = c.createStatement()) {
                s.execute("DROP DATABASE osiris");
            }
            Flyway.configure(getClass().getClassLoader()).dataSource(base + "postgres", "osiris", password)
                    .locations("classpath:db/migration").target("2").load().migrate();
            try (Connection c = DriverManager.getConnection(base + "postgres", "osiris", password);
                 Statement s = c.createStatement()) {
                s.execute("INSERT INTO sites (id, partner_id, name) VALUES ('site-kept', 'default', 'Kept')");
            }

            PgRoles.ensure(new ConnectionInfo("127.0.0.1", port, "template1", "osiris", password),
                    Files.readString(dataDir.resolve("pg-migrator.password")).trim(),
                    Files.readString(dataDir.resolve("pg-runtime.password")).trim());
            Migrations.migrate(pg.migration());

            ConnectionInfo runtime = pg.connection();
            try (Connection c = DriverManager.getConnection(runtime.jdbcUrl(), runtime.user(), runtime.password());
                 Statement s = c.createStatement()) {
                assertThat(single(s, "SELECT name FROM sites WHERE id = 'site-kept'")).isEqualTo("Kept");
                assertThat(single(s, "SELECT tableowner FROM pg_tables WHERE tablename = 'evidence'"))
                        .isEqualTo(PgRoles.MIGRATOR);
                assertThat(single(s, "SELECT pg_get_userbyid(relowner) FROM pg_class WHERE relname = 'alerts_id_seq'"))
                        .isEqualTo(PgRoles.MIGRATOR);
                assertThat(single(s, "SELECT count(*) FROM pg_database WHERE datname = 'postgres'")).isEqualTo("1");
            }
            try (Connection c = DriverManager.getConnection(pg.migration().jdbcUrl(), PgRoles.MIGRATOR,
                    pg.migration().password()); Statement s = c.createStatement()) {
                assertThat(single(s, "SELECT max(version::int) FROM flyway_schema_history")).isEqualTo(latestMigration());
            }
        }
    }

    private static String single(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }

    /** The highest version among the relay's migration sources (tests run in the module's directory). */
    private static String latestMigration() throws Exception {
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/migration"))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.matches("V\\d+__.*\\.sql"))
                    .mapToInt(n -> Integer.parseInt(n.substring(1, n.indexOf("__")))).max().orElseThrow() + "";
        }
    }
}
