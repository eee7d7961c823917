package dev.osiris.testing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

class TestFilesTest {

    @TempDir
    Path dir;

    @Test
    void aSecretIsOwnerOnlyAndReplacesAnEarlierWideFile() throws Exception {
        Path key = dir.resolve("api.key");
        Files.writeString(key, "old");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));

        TestFiles.secret(key, "new-key\n");

        assertThat(Files.readString(key)).isEqualTo("new-key\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
    }
}
