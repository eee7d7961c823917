package dev.osiris.relay.db;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The account PostgreSQL runs as. PostgreSQL refuses to run as root, so when this process is root the
 * server and initdb run as {@code nobody} through {@code setpriv}, and the directories they use are
 * handed to that account.
 */
record PgUser(boolean dropPrivileges, int uid, int gid) {

    static PgUser detect() throws IOException {
        int euid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        if (euid != 0) {
            return new PgUser(false, euid, -1);
        }
        for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
            String[] f = line.split(":");
            if (f.length > 3 && f[0].equals("nobody")) {
                return new PgUser(true, Integer.parseInt(f[2]), Integer.parseInt(f[3]));
            }
        }
        throw new IOException("running as root and there is no 'nobody' account to run PostgreSQL as");
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

    /** Gives a directory tree to the PostgreSQL account. */
    void own(Path root) throws IOException {
        if (!dropPrivileges) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.toList()) {
                Files.setAttribute(p, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(p, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
            }
        }
    }

    /** Lets the PostgreSQL account traverse every directory from the root down to {@code dir}. */
    void reach(Path dir) throws IOException {
        if (!dropPrivileges) {
            return;
        }
        for (Path p = dir.toAbsolutePath(); p != null; p = p.getParent()) {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
            if (perms.add(PosixFilePermission.OTHERS_EXECUTE)) {
                Files.setPosixFilePermissions(p, perms);
            }
        }
    }
}
