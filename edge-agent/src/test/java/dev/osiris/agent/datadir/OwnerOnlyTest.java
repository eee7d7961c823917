package dev.osiris.agent.datadir;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OwnerOnlyTest {

    @TempDir
    Path dir;

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void anAtomicWriteLeavesTheFileOwnerOnlyEvenOverAWiderOne() throws Exception {
        Path file = Files.writeString(dir.resolve("status.json"), "old");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        OwnerOnly.writeAtomically(file, "new".getBytes(StandardCharsets.UTF_8));
        assertThat(Files.readString(file)).isEqualTo("new");
        assertThat(mode(file)).isEqualTo("rw-------");
        try (var left = Files.list(dir)) {
            assertThat(left).containsExactly(file);
        }
    }

    @Test
    void directoriesAreCreatedAndNarrowedTo0700() throws Exception {
        Path made = OwnerOnly.directory(dir.resolve("a/b"));
        assertThat(mode(made)).isEqualTo("rwx------");
        assertThat(mode(dir.resolve("a"))).isEqualTo("rwx------");
        Path wide = Files.createDirectory(dir.resolve("wide"));
        Files.setPosixFilePermissions(wide, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThat(mode(OwnerOnly.directory(wide))).isEqualTo("rwx------");
    }

    @Test
    void aSecretFileItsGroupCanReadIsRefusedWithItsModeAndTheFix() throws Exception {
        Path key = Files.writeString(dir.resolve("api-key"), "k");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r-----"));
        assertThatThrownBy(() -> OwnerOnly.requirePrivate(key, "apiKeyFile"))
                .hasMessage("apiKeyFile " + key + " has mode 0640 (rw-r-----): its group or others could read or change"
                        + " the secret; it must be readable by its owner only. Run: chmod 600 " + key);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw--w--w-"));
        assertThatThrownBy(() -> OwnerOnly.requirePrivate(key, "apiKeyFile")).hasMessageContaining("mode 0622");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("r--------"));
        OwnerOnly.requirePrivate(key, "apiKeyFile");
    }
}
