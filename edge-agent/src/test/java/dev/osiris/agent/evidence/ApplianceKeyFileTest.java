package dev.osiris.agent.evidence;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApplianceKeyFileTest {

    @TempDir
    Path dir;

    @Test
    void createsAnOwnerOnlyKeyOnceAndReadsItBack() throws Exception {
        Path file = dir.resolve("data/appliance.key");
        var created = ApplianceKeyFile.loadOrCreate(file);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.size(file)).isEqualTo(32);
        assertThat(ApplianceKeyFile.loadOrCreate(file).publicKey()).isEqualTo(created.publicKey());
        try (var files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void refusesAKeyReadableByOthers() throws Exception {
        Path file = dir.resolve("appliance.key");
        ApplianceKeyFile.loadOrCreate(file);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> ApplianceKeyFile.loadOrCreate(file))
                .isInstanceOf(ApplianceKeyFile.KeyFileException.class)
                .hasMessageContaining("rw-r--r--")
                .hasMessageContaining("chmod 600 " + file);
    }
}
