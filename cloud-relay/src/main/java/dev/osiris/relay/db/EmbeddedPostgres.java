package dev.osiris.relay.db;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * A PostgreSQL server of our own under {@code <dataDir>}: binaries extracted once into {@code pg-bin/},
 * the cluster in {@code pg/} (initdb on first start), the socket in {@code pg-run/} (which only the relay's and
 * the server's accounts can enter), listening on 127.0.0.1 only. Every connection, over TCP or the socket, needs
 * a password (SCRAM-SHA-256); the three passwords are generated on first start and kept owner-only in
 * {@code pg.password} (the bootstrap superuser, used only by {@link PgRoles}), {@code pg-migrator.password}
 * ({@link #migration()}) and {@code pg-runtime.password} ({@link #connection()}). Everything this creates is
 * owner-only, whatever the umask. When a live postmaster already serves the data directory (a running
 * {@code serve} seen by a CLI command) this attaches to it and leaves it running on {@link #close()}. All methods
 * block: call them from a worker.
 */
public final class EmbeddedPostgres implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EmbeddedPostgres.class.getName());
    private static final String SUPERUSER = "osiris";
    private static final Duration INITDB_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration PG_CTL_TIMEOUT = Duration.ofSeconds(90);

    private final Path binDir;
    private final Path pgData;
    private final Path log;
    private final Map<String, String> env;
    private final PgUser user;
    private final Passwords passwords;
    private final int port;
    private final boolean owned;

    /** The three accounts' passwords; {@link #toString()} leaves them out. */
    private record Passwords(String superuser, String migrator, String runtime) {
        @Override
        public String toString() {
            return "Passwords[REDACTED]";
        }
    }

    private EmbeddedPostgres(Path binDir, Path pgData, Path log, PgUser user, Passwords passwords, int port,
                             boolean owned) {
        this.binDir = binDir;
        this.pgData = pgData;
        this.log = log;
        this.env = environment(binDir);
        this.user = user;
        this.passwords = passwords;
        this.port = port;
        this.owned = owned;
    }

    public static EmbeddedPostgres start(Path dataDir) throws IOException {
        Path root = OwnerOnly.directory(dataDir);
        try (FileChannel channel = FileChannel.open(OwnerOnly.file(root.resolve("pg.lock")), StandardOpenOption.WRITE);
             FileLock ignored = channel.lock()) {
            return startLocked(root);
        }
    }

    private static EmbeddedPostgres startLocked(Path root) throws IOException {
        Path log = OwnerOnly.file(root.resolve("pg.log"));
        PgUser user = PgUser.detect(log);
        Path binCache = root.resolve("pg-bin");
        Path binDir = PgBinaries.ensure(binCache);
        Passwords passwords = new Passwords(
                KeyFile.readOrCreate(root.resolve("pg.password"), EmbeddedPostgres::newPassword),
                KeyFile.readOrCreate(root.resolve("pg-migrator.password"), EmbeddedPostgres::newPassword),
                KeyFile.readOrCreate(root.resolve("pg-runtime.password"), EmbeddedPostgres::newPassword));
        Path pgData = root.resolve("pg");
        Optional<Integer> running = PostmasterPid.livePort(pgData);
        if (running.isPresent()) {
            LOG.info("attaching to the running PostgreSQL on port " + running.get());
            return new EmbeddedPostgres(binDir, pgData, log, user, passwords, running.get(), false);
        }
        user.reach(root);
        user.share(binCache);
        Path run = OwnerOnly.directory(root.resolve("pg-run"));
        user.own(run);
        int port = choosePort(root.resolve("pg.port"));
        EmbeddedPostgres pg = new EmbeddedPostgres(binDir, pgData, log, user, passwords, port, true);
        if (!Files.exists(pgData.resolve("PG_VERSION"))) {
            pg.initdb(run);
        }
        user.own(pgData); // a cluster made by an older relay ran as nobody
        pg.writeSettings(port, run);
        LOG.info("starting PostgreSQL in " + pgData + " on 127.0.0.1:" + port);
        pg.pgCtl("start", "-w", "-t", "60");
        try {
            PgRoles.ensure(pg.superuser(), passwords.migrator(), passwords.runtime());
        } catch (SQLException e) {
            pg.close();
            throw new IOException("could not set up the relay's PostgreSQL roles: " + e.getMessage(), e);
        }
        return pg;
    }

    /** How the relay connects at run time: as {@value PgRoles#RUNTIME}, which owns nothing. */
    public ConnectionInfo connection() {
        return info(PgRoles.RUNTIME, passwords.runtime());
    }

    /** How migrations connect: as {@value PgRoles#MIGRATOR}, the owner of the schema. */
    public ConnectionInfo migration() {
        return info(PgRoles.MIGRATOR, passwords.migrator());
    }

    private ConnectionInfo superuser() {
        return new ConnectionInfo("127.0.0.1", port, "template1", SUPERUSER, passwords.superuser());
    }

    private ConnectionInfo info(String role, String password) {
        return new ConnectionInfo("127.0.0.1", port, PgRoles.DATABASE, role, password);
    }

    /** True when this instance started the server and will stop it on {@link #close()}. */
    public boolean owned() {
        return owned;
    }

    /** Stops the server with {@code pg_ctl stop -m fast} if this instance started it. */
    @Override
    public void close() throws IOException {
        if (owned && PostmasterPid.livePort(pgData).isPresent()) {
            LOG.info("stopping PostgreSQL in " + pgData);
            pgCtl("stop", "-m", "fast", "-w", "-t", "60");
        }
    }

    private void initdb(Path run) throws IOException {
        if (Files.exists(pgData)) {
            PgBinaries.deleteTree(pgData); // leftovers of an initdb that did not finish
        }
        OwnerOnly.directory(pgData);
        user.own(pgData);
        Path pwfile = OwnerOnly.file(run.resolve("initdb.pw"));
        Files.writeString(pwfile, passwords.superuser() + "\n", StandardCharsets.US_ASCII);
        user.own(pwfile);
        LOG.info("initialising a PostgreSQL cluster in " + pgData);
        try {
            PgProcess.run(user.command(List.of(binDir.resolve("bin/initdb").toString(), "-D", pgData.toString(),
                    "-U", SUPERUSER, "--pwfile=" + pwfile, "-A", "scram-sha-256", "-E", "UTF8",
                    "--locale=C")), env, log, INITDB_TIMEOUT);
        } catch (IOException e) {
            PgBinaries.deleteTree(pgData);
            throw e;
        } finally {
            Files.deleteIfExists(pwfile);
        }
        Files.writeString(pgData.resolve("postgresql.conf"), "\ninclude 'osiris.conf'\n", StandardOpenOption.APPEND);
    }

    /**
     * Written at every start, so that a cluster made by an older relay (which trusted local connections) gets
     * the same rules: no {@code trust} line at all, and no log line that could hold a statement or its data.
     */
    private void writeSettings(int port, Path run) throws IOException {
        // a Unix socket path is limited to 107 bytes; with a deep data directory go without one (TCP only)
        String socketDir = run.toString().length() < 80 ? run.toString() : "";
        Path conf = pgData.resolve("osiris.conf");
        OwnerOnly.write(conf, String.join("\n",
                "listen_addresses = '127.0.0.1'",
                "port = " + port,
                "unix_socket_directories = '" + socketDir.replace("'", "''") + "'",
                "unix_socket_permissions = 0700",
                "max_connections = 100",
                "password_encryption = 'scram-sha-256'",
                "log_min_messages = fatal", // an ERROR's message can quote the value it refused
                "log_min_error_statement = panic",
                "log_parameter_max_length = 0",
                "log_parameter_max_length_on_error = 0",
                "log_error_verbosity = terse",
                "log_statement = 'none'",
                "log_file_mode = 0600",
                ""));
        user.own(conf);
        Path hba = pgData.resolve("pg_hba.conf");
        OwnerOnly.write(hba, String.join("\n",
                "# Written by the Osiris relay at each start: every connection needs its password.",
                "local all all scram-sha-256",
                "host all all 127.0.0.1/32 scram-sha-256",
                "host all all ::1/128 scram-sha-256",
                ""));
        user.own(hba);
    }

    private void pgCtl(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(binDir.resolve("bin/pg_ctl").toString(), "-D", pgData.toString()));
        command.addAll(List.of(args));
        PgProcess.run(user.command(command), env, log, PG_CTL_TIMEOUT);
    }

    private static int choosePort(Path portFile) throws IOException {
        if (Files.exists(portFile)) {
            int last = Integer.parseInt(Files.readString(portFile).trim());
            if (free(last)) {
                return last;
            }
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        OwnerOnly.write(portFile, port + "\n");
        return port;
    }

    private static boolean free(int port) {
        try (ServerSocket ignored = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String newPassword() {
        byte[] raw = new byte[24];
        new SecureRandom().nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    private static Map<String, String> environment(Path binDir) {
        return Map.of("LC_ALL", "C", "LANG", "C", "LD_LIBRARY_PATH", binDir.resolve("lib").toString(),
                "TZ", "UTC", "PGTZ", "UTC");
    }
}
