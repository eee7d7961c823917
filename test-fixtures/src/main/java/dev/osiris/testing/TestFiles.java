package dev.osiris.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Files the tests hand the agent or the relay, as an installer would leave them. */
public final class TestFiles {

    private TestFiles() {
    }

    /**
     * Writes a secret file owner-only (0600), as the agent requires of its API-key file: created with that mode, so it
     * is never readable by others, even for a moment; an earlier file of that name is replaced.
     */
    public static Path secret(Path file, String content) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }
}
