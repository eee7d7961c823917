package dev.osiris.relay.db;

import org.postgresql.PGConnection;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * Sets up the embedded cluster's roles and database as the bootstrap superuser, at each start of the server and
 * before anything else connects; the relay never uses the superuser afterwards. {@value #MIGRATOR} owns the
 * database, its schema and tables and runs Flyway; {@value #RUNTIME} is what the relay runs as and gets only the
 * privileges the migrations grant it. Passwords are sent as SCRAM verifiers computed here, never in clear text, so
 * no statement or log line holds one. Idempotent; blocking (JDBC).
 */
final class PgRoles {

    static final String MIGRATOR = "osiris_migrator";
    static final String RUNTIME = "osiris_runtime";
    static final String DATABASE = "osiris";

    private static final Logger LOG = Logger.getLogger(PgRoles.class.getName());

    // A relay from before this database existed kept its tables in "postgres", owned by the superuser: that
    // database becomes "osiris" so that its data stays where it is.
    private static final String HAS_SCHEMA = "SELECT to_regclass('public.flyway_schema_history') IS NOT NULL";
    private static final String DATABASE_EXISTS = "SELECT 1 FROM pg_database WHERE datname = ?";
    private static final String ROLE_EXISTS = "SELECT 1 FROM pg_roles WHERE rolname = ?";
    private static final String HAND_OVER = """
            DO $$
            DECLARE r record;
            BEGIN
                FOR r IN SELECT c.oid::regclass AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                         WHERE n.nspname = 'public' AND c.relowner = current_user::regrole
                           AND c.relkind IN ('r', 'p', 'v', 'm') LOOP
                    EXECUTE format('ALTER TABLE %s OWNER TO osiris_migrator', r.name);
                END LOOP;
                -- sequences of serial columns moved with their tables; these are the others
                FOR r IN SELECT c.oid::regclass AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                         WHERE n.nspname = 'public' AND c.relowner = current_user::regrole AND c.relkind = 'S' LOOP
                    EXECUTE format('ALTER SEQUENCE %s OWNER TO osiris_migrator', r.name);
                END LOOP;
                FOR r IN SELECT p.oid::regprocedure AS name FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                         WHERE n.nspname = 'public' AND p.proowner = current_user::regrole LOOP
                    EXECUTE format('ALTER FUNCTION %s OWNER TO osiris_migrator', r.name);
                END LOOP;
            END
            $$""";

    private PgRoles() {
    }

    static void ensure(ConnectionInfo superuser, String migratorPassword, String runtimePassword) throws SQLException {
        try (Connection admin = connect(superuser, "template1")) {
            role(admin, MIGRATOR, migratorPassword, "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION");
            role(admin, RUNTIME, runtimePassword,
                    "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS");
            if (!exists(admin, DATABASE_EXISTS, DATABASE)) {
                createDatabase(superuser, admin);
            }
            try (Statement s = admin.createStatement()) {
                s.execute("ALTER DATABASE " + DATABASE + " OWNER TO " + MIGRATOR);
                s.execute("REVOKE ALL ON DATABASE " + DATABASE + " FROM PUBLIC");
                s.execute("GRANT CONNECT, TEMPORARY ON DATABASE " + DATABASE + " TO " + RUNTIME);
                s.execute("REVOKE ALL ON DATABASE postgres FROM PUBLIC");
            }
        }
        try (Connection db = connect(superuser, DATABASE); Statement s = db.createStatement()) {
            s.execute(HAND_OVER);
            s.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
        }
    }

    private static void createDatabase(ConnectionInfo superuser, Connection admin) throws SQLException {
        boolean legacy;
        try (Connection old = connect(superuser, "postgres"); Statement s = old.createStatement();
             ResultSet rs = s.executeQuery(HAS_SCHEMA)) {
            legacy = rs.next() && rs.getBoolean(1);
        }
        try (Statement s = admin.createStatement()) {
            if (legacy) {
                LOG.info("moving the relay's tables from database postgres to " + DATABASE);
                s.execute("ALTER DATABASE postgres RENAME TO " + DATABASE);
                s.execute("CREATE DATABASE postgres");
            } else {
                s.execute("CREATE DATABASE " + DATABASE + " OWNER " + MIGRATOR + " ENCODING 'UTF8'");
            }
        }
    }

    private static void role(Connection admin, String name, String password, String attributes) throws SQLException {
        try (Statement s = admin.createStatement()) {
            s.execute((exists(admin, ROLE_EXISTS, name) ? "ALTER ROLE " : "CREATE ROLE ") + name + " " + attributes);
        }
        admin.unwrap(PGConnection.class).alterUserPassword(name, password.toCharArray(), "scram-sha-256");
    }

    private static boolean exists(Connection c, String sql, String name) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, name);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static Connection connect(ConnectionInfo superuser, String database) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", superuser.user());
        props.setProperty("password", superuser.password());
        props.setProperty("connectTimeout", "10");
        props.setProperty("socketTimeout", "60");
        return DriverManager.getConnection("jdbc:postgresql://" + superuser.host() + ":" + superuser.port() + "/"
                + database, props);
    }
}
