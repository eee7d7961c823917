package dev.osiris.relay.db;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The account PostgreSQL runs as. PostgreSQL refuses to run as root, so when this process is root the server and
 * initdb run through {@code setpriv} as the dedicated system account {@value #SYSTEM_USER} (created on first
 * start), which nothing else runs as: a process of that account could read the cluster's files, so it must not be
 * {@code nobody}, which other daemons share. Otherwise the server runs as this process's own user.
 */
record PgUser(boolean dropPrivileges, int uid, int gid) {

    static final String SYSTEM_USER = "osiris-pg";
    private static final Logger LOG = Logger.getLogger(PgUser.class.getName());
    private static final Duration USERADD_TIMEOUT = Duration.ofSeconds(30);

    /** @param log where the output of {@code useradd} goes if the account has to be created */
    static PgUser detect(Path log) throws IOException {
        int euid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        if (euid != 0) {
            return new PgUser(false, euid, -1);
        }
        Optional<PgUser> existing = lookup();
        if (existing.isPresent()) {
            return existing.get();
        }
        create(log);
        return lookup().orElseThrow(() -> new IOException("could not create the system account " + SYSTEM_USER
                + " to run PostgreSQL as; create it (useradd --system --user-group " + SYSTEM_USER + ")"));
    }

    private static Optional<PgUser> lookup() throws IOException {
        for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
            String[] f = line.split(":");
            if (f.length > 3 && f[0].equals(SYSTEM_USER)) {
                return Optional.of(new PgUser(true, Integer.parseInt(f[2]), Integer.parseInt(f[3])));
            }
        }
        return Optional.empty();
    }

    private static void create(Path log) throws IOException {
        LOG.info("creating the system account " + SYSTEM_USER + " to run PostgreSQL as");
        List<List<String>> ways = List.of(
                List.of("useradd", "--system", "--user-group", "--no-create-home", "--home-dir", "/nonexistent",
                        "--shell", "/usr/sbin/nologin", SYSTEM_USER),
                List.of("adduser", "--system", "--group", "--no-create-home", "--home", "/nonexistent",
                        "--shell", "/usr/sbin/nologin", SYSTEM_USER));
        for (List<String> way : ways) {
            try {
                PgProcess.run(way, Map.of(), log, USERADD_TIMEOUT);
                return;
            } catch (IOException e) {
                if (lookup().isPresent()) {
                    return; // another relay created it at the same time
                }
                LOG.fine(way.getFirst() + " failed: " + e.getMessage());
            }
        }
    }

    List<String> command(List<String> command) {
        if (!dropPrivileges) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("setpriv", "--reuid=" + uid, "--regid=" + gid,
                "--clear-groups", "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    /** Gives a directory tree to the PostgreSQL account, unless it has it already. */
    void own(Path root) throws IOException {
        if (!dropPrivileges || ((Integer) Files.getAttribute(root, "unix:uid", LinkOption.NOFOLLOW_LINKS)) == uid) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.toList()) {
                Files.setAttribute(p, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(p, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
            }
        }
    }

    /** Lets the PostgreSQL account (and no one else) pass through {@code dir}: 0710 with its group, or 0700. */
    void share(Path dir) throws IOException {
        if (!dropPrivileges) {
            Files.setPosixFilePermissions(dir, OwnerOnly.DIRECTORY);
            return;
        }
        Files.setAttribute(dir, "unix:gid", gid);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x---"));
    }

    /**
     * Lets the PostgreSQL account into {@code dir}, the relay's data directory, and no one else: the directory
     * becomes 0710 with the account's group (0700 when the server runs as this process's user), and every
     * directory above it gains search permission for others, which lists nothing.
     */
    void reach(Path dir) throws IOException {
        Path abs = dir.toAbsolutePath();
        share(abs);
        if (!dropPrivileges) {
            return;
        }
        for (Path p = abs.getParent(); p != null; p = p.getParent()) {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
            if (perms.add(PosixFilePermission.OTHERS_EXECUTE)) {
                Files.setPosixFilePermissions(p, perms);
            }
        }
    }
}
