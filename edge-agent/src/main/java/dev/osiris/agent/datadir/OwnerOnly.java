package dev.osiris.agent.datadir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.ByteBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The agent's files and directories are its owner's alone (0600 and 0700), whatever the umask: permissions are
 * given at creation, so no file is ever readable by others even for a moment, and set again on what an older
 * version or another tool left wider. Blocking; call from a worker or the CLI.
 */
public final class OwnerOnly {

    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    public static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");

    private OwnerOnly() {
    }

    /** Creates the directory (and missing parents) owner-only; an existing one is narrowed to 0700. */
    public static Path directory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, attribute(DIRECTORY));
        }
        narrow(dir, DIRECTORY);
        return dir;
    }

    /** Creates an empty owner-only file unless it exists; an existing one is narrowed to 0600. */
    public static Path file(Path file) throws IOException {
        try {
            Files.createFile(file, attribute(FILE));
        } catch (FileAlreadyExistsException e) {
            // kept as it is, only narrowed
        }
        narrow(file, FILE);
        return file;
    }

    /** Narrows an existing file to 0600; a missing one is fine. */
    public static void narrowIfExists(Path file) throws IOException {
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            narrow(file, FILE);
        }
    }

    /**
     * Replaces {@code file} with {@code body} atomically: an owner-only temporary file beside it, synced, then
     * renamed over it, so readers see the old or the new content and never a part.
     */
    public static void writeAtomically(Path file, byte[] body) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp", attribute(FILE));
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(body);
                while (buffer.hasRemaining()) {
                    ch.write(buffer);
                }
                ch.force(false);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Refuses a secret file that its group or others may read or write, naming the file, its mode and the fix.
     *
     * @param what the file's role in words, e.g. {@code apiKeyFile}
     * @throws IOException with that message, or when the file's attributes cannot be read
     */
    public static void requirePrivate(Path file, String what) throws IOException {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
        if (!FILE.containsAll(perms)) {
            throw new IOException(what + " " + file + " has mode " + octal(perms) + " ("
                    + PosixFilePermissions.toString(perms) + "): its group or others could read or change the secret;"
                    + " it must be readable by its owner only. Run: chmod 600 " + file);
        }
    }

    /** {@code 0644} for rw-r--r--. */
    public static String octal(Set<PosixFilePermission> perms) {
        int mode = 0;
        for (PosixFilePermission p : perms) {
            mode |= 1 << (8 - p.ordinal());
        }
        return String.format("0%03o", mode);
    }

    private static void narrow(Path path, Set<PosixFilePermission> wanted) throws IOException {
        Set<PosixFilePermission> now = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
        if (!now.equals(wanted)) {
            try {
                Files.setPosixFilePermissions(path, wanted);
            } catch (IOException e) {
                throw new IOException(path + " has mode " + octal(now) + " and cannot be made owner-only (" + octal(wanted)
                        + "): " + e.getMessage() + "; it must belong to the user the agent runs as", e);
            }
        }
    }

    private static FileAttribute<Set<PosixFilePermission>> attribute(Set<PosixFilePermission> perms) {
        return PosixFilePermissions.asFileAttribute(perms);
    }
}
