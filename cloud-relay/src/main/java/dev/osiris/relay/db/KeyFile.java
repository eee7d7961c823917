package dev.osiris.relay.db;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Supplier;

/**
 * A one-line secret file readable by its owner only (mode 0600). The file is written under a temporary
 * name created with that mode and then hard-linked into place, so that no other process ever sees it
 * half-written or with wider permissions, and of two processes creating it at once exactly one wins.
 */
public final class KeyFile {

    private KeyFile() {
    }

    public static String readOrCreate(Path file, Supplier<String> generator) throws IOException {
        if (Files.exists(file)) {
            OwnerOnly.file(file); // one written by an older relay under a wide umask
            return Files.readString(file, StandardCharsets.US_ASCII).trim();
        }
        OwnerOnly.directory(file.toAbsolutePath().getParent());
        Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), ".key-", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(temp, generator.get() + "\n", StandardCharsets.US_ASCII);
            Files.createLink(file, temp);
        } catch (FileAlreadyExistsException lostRace) {
            // another process created it first; use theirs
        } finally {
            Files.deleteIfExists(temp);
        }
        return Files.readString(file, StandardCharsets.US_ASCII).trim();
    }
}
