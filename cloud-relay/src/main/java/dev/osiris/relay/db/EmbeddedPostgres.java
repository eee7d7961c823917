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
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * A PostgreSQL server of our own under {@code <dataDir>}: binaries extracted once into {@code pg-bin/},
 * the cluster in {@code pg/} (initdb on first start), the socket in {@code pg-run/}, listening on 127.0.0.1
 * only with a generated password kept in {@code pg.password}. When a live postmaster already serves the
 * data directory (a running {@code serve} seen by a CLI command) this attaches to it and leaves it running
 * on {@link #close()}. All methods block: call them from a worker.
 */
public final class EmbeddedPostgres implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EmbeddedPostgres.class.getName());
    private static final String USER = "osiris";
    private static final Duration INITDB_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration PG_CTL_TIMEOUT = Duration.ofSeconds(90);

    private final Path binDir;
    private final Path pgData;
    private final Path log;
    private final Map<String, String> env;
    private final PgUser user;
    private final ConnectionInfo connection;
    private final boolean owned;

    private EmbeddedPostgres(Path binDir, Path pgData, Path log, PgUser user, ConnectionInfo connection,
                             boolean owned) {
        this.binDir = binDir;
        this.pgData = pgData;
        this.log = log;
        this.env = environment(binDir);
        this.user = user;
        this.connection = connection;
        this.owned = owned;
    }

    public static EmbeddedPostgres start(Path dataDir) throws IOException {
        Path root = dataDir.toAbsolutePath().normalize();
        Files.createDirectories(root);
        try (FileChannel channel = FileChannel.open(root.resolve("pg.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock ignored = channel.lock()) {
            return startLocked(root);
        }
    }

    private static EmbeddedPostgres startLocked(Path root) throws IOException {
        PgUser user = PgUser.detect();
        Path binDir = PgBinaries.ensure(root.resolve("pg-bin"));
        String password = KeyFile.readOrCreate(root.resolve("pg.password"), EmbeddedPostgres::newPassword);
        Path pgData = root.resolve("pg");
        Path log = root.resolve("pg.log");
        Optional<Integer> running = PostmasterPid.livePort(pgData);
        if (running.isPresent()) {
            LOG.info("attaching to the running PostgreSQL on port " + running.get());
            return new EmbeddedPostgres(binDir, pgData, log, user, info(running.get(), password), false);
        }
        user.reach(root);
        Path run = root.resolve("pg-run");
        Files.createDirectories(run, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        user.own(run);
        int port = choosePort(root.resolve("pg.port"));
        EmbeddedPostgres pg = new EmbeddedPostgres(binDir, pgData, log, user, info(port, password), true);
        if (!Files.exists(pgData.resolve("PG_VERSION"))) {
            pg.initdb(run, password);
        }
        pg.writeSettings(port, run);
        LOG.info("starting PostgreSQL in " + pgData + " on 127.0.0.1:" + port);
        pg.pgCtl("start", "-w", "-t", "60");
        return pg;
    }

    public ConnectionInfo connection() {
        return connection;
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

    private void initdb(Path run, String password) throws IOException {
        if (Files.exists(pgData)) {
            PgBinaries.deleteTree(pgData); // leftovers of an initdb that did not finish
        }
        Files.createDirectories(pgData, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        user.own(pgData);
        Path pwfile = run.resolve("initdb.pw");
        Files.writeString(pwfile, password + "\n", StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(pwfile, PosixFilePermissions.fromString("rw-------"));
        user.own(pwfile);
        LOG.info("initialising a PostgreSQL cluster in " + pgData);
        try {
            PgProcess.run(user.command(List.of(binDir.resolve("bin/initdb").toString(), "-D", pgData.toString(),
                    "-U", USER, "--pwfile=" + pwfile, "-A", "scram-sha-256", "--auth-local=trust", "-E", "UTF8",
                    "--locale=C")), env, log, INITDB_TIMEOUT);
        } catch (IOException e) {
            PgBinaries.deleteTree(pgData);
            throw e;
        } finally {
            Files.deleteIfExists(pwfile);
        }
        Files.writeString(pgData.resolve("postgresql.conf"), "\ninclude 'osiris.conf'\n", StandardOpenOption.APPEND);
    }

    private void writeSettings(int port, Path run) throws IOException {
        // a Unix socket path is limited to 107 bytes; with a deep data directory go without one (TCP only)
        String socketDir = run.toString().length() < 80 ? run.toString() : "";
        Path conf = pgData.resolve("osiris.conf");
        Files.writeString(conf, String.join("\n",
                "listen_addresses = '127.0.0.1'",
                "port = " + port,
                "unix_socket_directories = '" + socketDir.replace("'", "''") + "'",
                "max_connections = 100",
                "password_encryption = 'scram-sha-256'",
                ""), StandardCharsets.UTF_8);
        user.own(conf);
    }

    private void pgCtl(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(binDir.resolve("bin/pg_ctl").toString(), "-D", pgData.toString()));
        command.addAll(List.of(args));
        PgProcess.run(user.command(command), env, log, PG_CTL_TIMEOUT);
    }

    private static ConnectionInfo info(int port, String password) {
        return new ConnectionInfo("127.0.0.1", port, "postgres", USER, password);
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
        Files.writeString(portFile, port + "\n");
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
