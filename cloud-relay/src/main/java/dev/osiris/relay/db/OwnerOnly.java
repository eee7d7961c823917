package dev.osiris.relay.db;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files and directories of the relay that only their owner may read: directories 0700, files 0600, whatever the
 * process's umask. Modes are given at creation, so nothing is ever wider, even for an instant (a umask can only
 * narrow them). An existing file is set to 0600; an existing directory loses read and write for group and others
 * but keeps their search bit, which {@link PgUser#reach} gives the server's account.
 */
public final class OwnerOnly {

    public static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private OwnerOnly() {
    }

    /** Creates {@code dir} (and missing parents, also 0700), or takes read and write from others on an existing one. */
    public static Path directory(Path dir) throws IOException {
        Path abs = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(abs)) {
            Path parent = abs.getParent();
            if (parent != null && !Files.exists(parent)) {
                directory(parent);
            }
            try {
                Files.createDirectory(abs, attribute(DIRECTORY));
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                // made by another process meanwhile; its mode is set below
            }
        }
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(abs);
        if (perms.removeAll(Set.of(PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
                PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE))) {
            Files.setPosixFilePermissions(abs, perms);
        }
        return abs;
    }

    /** Creates {@code file} empty if it is missing and sets it to 0600; its content is left alone. */
    public static Path file(Path file) throws IOException {
        if (!Files.exists(file)) {
            try {
                Files.createFile(file, attribute(FILE));
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                // made by another process meanwhile
            }
        }
        Files.setPosixFilePermissions(file, FILE);
        return file;
    }

    /** Replaces {@code file} atomically with {@code text}, mode 0600. */
    public static void write(Path file, String text) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path temp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp", attribute(FILE));
        try {
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    static FileAttribute<Set<PosixFilePermission>> attribute(Set<PosixFilePermission> perms) {
        return PosixFilePermissions.asFileAttribute(perms);
    }
}
