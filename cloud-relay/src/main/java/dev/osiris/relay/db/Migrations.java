package dev.osiris.relay.db;

import org.flywaydb.core.Flyway;

/** Brings the schema up to date with the versioned migrations in {@code db/migration}. Blocking (JDBC). */
final class Migrations {

    private Migrations() {
    }

    static void migrate(ConnectionInfo db) {
        Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(db.jdbcUrl() + "?connectTimeout=10&socketTimeout=120", db.user(), db.password())
                .locations("classpath:db/migration")
                .connectRetries(5)
                .load()
                .migrate();
    }
}
