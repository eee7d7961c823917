package dev.osiris.agent.evidence;

import dev.osiris.agent.datadir.OwnerOnly;
import dev.osiris.protocol.evidence.ApplianceKey;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.ByteBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Set;

/**
 * The appliance's private key on disk: 32 raw bytes, owner-only (0600). Generated on first start and
 * published atomically (written to a 0600 temporary file, synced, then linked into place), so a crash
 * never leaves a partial key. Blocking; call from a worker or the CLI.
 */
public final class ApplianceKeyFile {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private ApplianceKeyFile() {
    }

    /**
     * @throws KeyFileException when the file is readable or writable by group or others, has the wrong size,
     *                          or cannot be read or created
     */
    public static ApplianceKey loadOrCreate(Path file) {
        try {
            if (!Files.exists(file)) {
                create(file);
            }
            return load(file);
        } catch (IOException e) {
            throw new KeyFileException("appliance key " + file + ": " + e, e);
        }
    }

    /** Reads an existing key, refusing it when its permissions are wider than 0600. */
    public static ApplianceKey load(Path file) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (!OWNER_ONLY.containsAll(perms)) {
                throw new KeyFileException("appliance key " + file + " has permissions " + PosixFilePermissions.toString(perms)
                        + "; it must be readable by its owner only. Run: chmod 600 " + file);
            }
            byte[] raw = Files.readAllBytes(file);
            if (raw.length != 32) {
                throw new KeyFileException("appliance key " + file + " has " + raw.length + " bytes, an Ed25519 key has 32;"
                        + " the file is damaged (restore it from backup: a new key would not match the one the relay pinned)");
            }
            return ApplianceKey.fromPrivateBytes(raw);
        } catch (IOException e) {
            throw new KeyFileException("appliance key " + file + " cannot be read: " + e, e);
        }
    }

    private static void create(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        OwnerOnly.directory(dir);
        Path tmp = Files.createTempFile(dir, ".appliance.key.", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        try {
            byte[] raw = ApplianceKey.generate(new SecureRandom()).privateBytes();
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap(raw));
                ch.force(true);
            }
            try {
                // a hard link fails if another process won the race, where a rename would overwrite its key
                Files.createLink(file, tmp);
            } catch (FileAlreadyExistsException e) {
                // keep the winner's key
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException ignored) {
            // not every file system lets a directory be synced
        }
    }

    /** The key file cannot be used; the message says what to do. */
    public static final class KeyFileException extends RuntimeException {
        public KeyFileException(String message) {
            super(message);
        }

        public KeyFileException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
