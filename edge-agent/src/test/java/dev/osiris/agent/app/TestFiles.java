package dev.osiris.agent.app;

import dev.osiris.agent.datadir.OwnerOnly;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Files the tests hand the agent, as an installer would leave them. */
final class TestFiles {

    private TestFiles() {
    }

    /** Writes a secret file owner-only (0600), as the agent requires of its API-key file. */
    static Path secret(Path file, String content) throws IOException {
        Files.deleteIfExists(file);
        OwnerOnly.file(file);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }
}
