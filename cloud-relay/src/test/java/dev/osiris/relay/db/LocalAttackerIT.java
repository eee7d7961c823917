package dev.osiris.relay.db;

import dev.osiris.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static dev.osiris.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The embedded PostgreSQL as a local attacker meets it (issue 15, finding 2): the tests run as root, so they
 * act as the server's own account ({@value PgUser#SYSTEM_USER}) and as another local user ({@code nobody}) with
 * {@code setpriv}, and as the relay's runtime role through its own pool. The JVM's umask is 022, the usual one,
 * under which the relay's files used to be world-readable.
 */
class LocalAttackerIT {

    @TempDir
    static Path dataDir;

    static Vertx vertx;
    static Database database;
    static String applianceId;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Files.getAttribute(Path.of("/proc/self"), "unix:uid").equals(0), "needs root to switch users");
        vertx = Vertx.vertx();
        database = await(Database.open(vertx, new Database.Config(dataDir, Optional.empty(), 2)));
        sql("INSERT INTO sites (id, partner_id, name) VALUES ('site-a', 'default', 'A')");
        applianceId = "app-attacked";
        sql("INSERT INTO appliances (id, site_id, api_key_sha256) VALUES ('" + applianceId + "', 'site-a', '"
                + "a".repeat(64) + "')");
        sql("INSERT INTO evidence (appliance_id, seq, time, host, check_id, kind, outcome, details, prev_hash, hash,"
                + " signature) VALUES ('" + applianceId + "', 1, now(), 'h', 'c', 'detect', 'pass', '{}', '"
                + "0".repeat(64) + "', '" + "1".repeat(64) + "', 'sig')");
        sql("SELECT evidence_advance_head('" + applianceId + "', 1, '" + "1".repeat(64) + "')");
    }

    @AfterAll
    static void stop() throws Exception {
        if (database != null) {
            await(database.close());
        }
        if (vertx != null) {
            await(vertx.close());
        }
    }

    @Test
    void theServersAccountAndAnotherUserCannotConnectWithoutAPassword() throws Exception {
        int port = database.connection().port();
        for (String as : List.of(PgUser.SYSTEM_USER, "nobody")) {
            for (String role : List.of("osiris", PgRoles.MIGRATOR, PgRoles.RUNTIME)) {
                Run tcp = runAs(as, psql("127.0.0.1", port, role));
                assertThat(tcp.exit()).as(as + " as " + role + " over TCP: " + tcp.output()).isNotZero();
                assertThat(tcp.output()).contains("no password supplied");
            }
        }
        Run socket = runAs(PgUser.SYSTEM_USER, psql(dataDir.resolve("pg-run").toString(), port, "osiris"));
        assertThat(socket.exit()).as(socket.output()).isNotZero();
        assertThat(socket.output()).contains("no password supplied");
        Run outsider = runAs("nobody", psql(dataDir.resolve("pg-run").toString(), port, "osiris"));
        assertThat(outsider.exit()).as(outsider.output()).isNotZero();
        assertThat(outsider.output()).contains("Permission denied");
    }

    @Test
    void neitherCanReadThePasswordsTheMasterKeyNorTheLog() throws Exception {
        Files.writeString(dataDir.resolve("master.key"), "stand-in for MasterKey.load\n");
        OwnerOnly.file(dataDir.resolve("master.key"));
        for (String as : List.of(PgUser.SYSTEM_USER, "nobody")) {
            for (String file : List.of("pg.password", "pg-migrator.password", "pg-runtime.password", "master.key",
                    "pg.log", "pg.port")) {
                Run cat = runAs(as, List.of("cat", dataDir.resolve(file).toString()));
                assertThat(cat.exit()).as(as + " reads " + file).isNotZero();
                assertThat(cat.output()).contains("Permission denied");
            }
            Run list = runAs(as, List.of("ls", dataDir.toString()));
            assertThat(list.exit()).as(as + " lists the data directory").isNotZero();
        }
    }

    @Test
    void everyFileAndDirectoryIsOwnerOnlyUnderUmask022() throws Exception {
        Path probe = Files.createFile(dataDir.resolveSibling("umask-" + System.nanoTime() + ".probe"));
        try {
            assertThat(Files.getPosixFilePermissions(probe)).as("this JVM runs under umask 022")
                    .contains(PosixFilePermission.OTHERS_READ);
        } finally {
            Files.delete(probe);
        }
        Set<PosixFilePermission> readOrWriteByOthers = Set.of(PosixFilePermission.GROUP_READ,
                PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE,
                PosixFilePermission.OTHERS_EXECUTE);
        List<String> wide = new ArrayList<>();
        try (Stream<Path> paths = Files.walk(dataDir)) {
            paths.filter(p -> !p.startsWith(dataDir.resolve("pg-bin")) || p.equals(dataDir.resolve("pg-bin")))
                    .filter(p -> !Files.isSymbolicLink(p) && !p.getFileName().toString().startsWith(".s.PGSQL"))
                    .forEach(p -> {
                        try {
                            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
                            perms.retainAll(readOrWriteByOthers);
                            if (!perms.isEmpty()) {
                                wide.add(dataDir.relativize(p) + " " + perms);
                            }
                        } catch (IOException e) {
                            wide.add(p + " " + e);
                        }
                    });
        }
        assertThat(wide).isEmpty();
    }

    @Test
    void theRuntimeRoleCannotSwitchOffOrBypassWhatProtectsEvidence() {
        String where = " WHERE appliance_id = '" + applianceId + "'";
        assertThat(failure("ALTER TABLE evidence DISABLE TRIGGER evidence_no_update_or_delete"))
                .contains("must be owner of table evidence");
        assertThat(failure("DROP TRIGGER evidence_no_update_or_delete ON evidence"))
                .contains("must be owner of relation evidence");
        assertThat(failure("SET session_replication_role = replica"))
                .contains("permission denied to set parameter \"session_replication_role\"");
        assertThat(failure("UPDATE evidence SET outcome = 'fail'" + where))
                .contains("permission denied for table evidence");
        assertThat(failure("DELETE FROM evidence" + where)).contains("permission denied for table evidence");
        assertThat(failure("TRUNCATE evidence")).contains("permission denied for table evidence");
        assertThat(failure("UPDATE appliances SET evidence_seq = 0, evidence_hash = '" + "0".repeat(64) + "'"
                + " WHERE id = '" + applianceId + "'")).contains("permission denied for table appliances");
        assertThat(failure("UPDATE appliances SET api_key_sha256 = '" + "b".repeat(64) + "'"
                + " WHERE id = '" + applianceId + "'")).contains("permission denied for table appliances");
        assertThat(failure("SELECT evidence_advance_head('" + applianceId + "', 7, '" + "f".repeat(64) + "')"))
                .contains("does not extend the stored chain");
        assertThat(failure("SELECT evidence_advance_head('" + applianceId + "', 0, '" + "0".repeat(64) + "')"))
                .contains("only moves forward");
        assertThat(failure("CREATE TABLE planted (id int)")).contains("permission denied for schema public");
        assertThat(failure("CREATE ROLE planted SUPERUSER")).contains("permission denied to create role");
        assertThat(failure("SELECT * FROM flyway_schema_history")).contains("permission denied");
        assertThat(count("SELECT count(*) FROM evidence" + where)).isEqualTo(1);
        assertThat(count("SELECT evidence_seq FROM appliances WHERE id = '" + applianceId + "'")).isEqualTo(1);
    }

    @Test
    void failingStatementsLeaveNoDataInTheServerLog() throws Exception {
        String fragment = "secret-fragment-" + System.nanoTime();
        assertThat(failure("SELECT '" + fragment + "'::int")).contains("invalid input syntax");
        assertThat(failure("INSERT INTO sites (id, partner_id, name) VALUES ('site-a', 'default', '" + fragment
                + "')")).contains("duplicate key");
        assertThat(Files.readString(dataDir.resolve("pg.log"), StandardCharsets.UTF_8)).doesNotContain(fragment);
    }

    private static List<String> psql(String host, int port, String role) {
        return List.of("psql", "-w", "-h", host, "-p", Integer.toString(port), "-U", role, "-d", PgRoles.DATABASE,
                "-c", "SELECT count(*) FROM credentials");
    }

    private record Run(int exit, String output) {
    }

    private static Run runAs(String user, List<String> command) throws Exception {
        List<String> full = new ArrayList<>(List.of("setpriv", "--reuid=" + user, "--regid=" + group(user),
                "--clear-groups", "--"));
        full.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().remove("PGPASSWORD");
        builder.environment().put("PGCONNECT_TIMEOUT", "10");
        builder.environment().put("HOME", "/nonexistent"); // no ~/.pgpass of the test's user
        Process process = builder.start();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(full + " did not finish");
        }
        return new Run(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private static String group(String user) throws IOException {
        for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
            String[] f = line.split(":");
            if (f[0].equals(user)) {
                return f[3];
            }
        }
        throw new AssertionError("no account " + user);
    }

    private static void sql(String statement) throws Exception {
        await(pool().query(statement).execute());
    }

    private static String failure(String statement) {
        return Await.failure("the runtime role's " + statement, pool().query(statement).execute(), Throwable.class,
                Await.TIMEOUT).getMessage();
    }

    private static long count(String statement) {
        return await(pool().query(statement).execute()).iterator().next().getLong(0);
    }

    private static Pool pool() {
        return database.pool();
    }
}
