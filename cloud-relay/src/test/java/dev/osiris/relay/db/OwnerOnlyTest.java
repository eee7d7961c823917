package dev.osiris.relay.db;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

/** Owner-only files and directories whatever the umask (the test JVM's is 022), and older wide ones narrowed. */
class OwnerOnlyTest {

    @TempDir
    Path dir;

    @Test
    void newDirectoriesAndFilesAreOwnerOnly() throws Exception {
        Path nested = OwnerOnly.directory(dir.resolve("a/b"));
        Path file = OwnerOnly.file(nested.resolve("f"));
        OwnerOnly.write(nested.resolve("g"), "text");

        assertThat(mode(dir.resolve("a"))).isEqualTo("rwx------");
        assertThat(mode(nested)).isEqualTo("rwx------");
        assertThat(mode(file)).isEqualTo("rw-------");
        assertThat(mode(nested.resolve("g"))).isEqualTo("rw-------");
    }

    @Test
    void anOlderWideKeyFileAndDirectoryAreNarrowed() throws Exception {
        Path wide = Files.createDirectory(dir.resolve("wide"));
        Files.setPosixFilePermissions(wide, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path key = Files.writeString(wide.resolve("master.key"), "c2VjcmV0\n");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));

        assertThat(KeyFile.readOrCreate(key, () -> "unused")).isEqualTo("c2VjcmV0");
        OwnerOnly.directory(wide);

        assertThat(mode(key)).isEqualTo("rw-------");
        assertThat(mode(wide)).isEqualTo("rwx--x--x");
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
