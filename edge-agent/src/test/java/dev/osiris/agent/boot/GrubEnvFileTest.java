package dev.osiris.agent.boot;

import dev.osiris.agent.boot.GrubEnvFile.WriteStep;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GrubEnvFileTest {

    @TempDir
    Path esp;

    @Test
    void aWriteReplacesTheFileWholeThroughEveryStepInOrder() throws Exception {
        Path file = esp.resolve("grubenv");
        Files.write(file, GrubEnv.empty().with("A_OK", "0").encode());
        List<WriteStep> seen = new ArrayList<>();

        new GrubEnvFile(file, seen::add).write(GrubEnv.empty().with("A_OK", "1"));

        assertThat(seen).containsExactly(WriteStep.values());
        assertThat(new GrubEnvFile(file).read().get("A_OK")).contains("1");
        assertThat(Files.size(file)).isEqualTo(1024);
        assertThat(esp.resolve("grubenv.new")).doesNotExist();
    }

    @Test
    void aWriteStoppedBeforeTheRenameLeavesTheOldBlock() throws Exception {
        Path file = esp.resolve("grubenv");
        byte[] old = GrubEnv.empty().with("A_OK", "0").encode();
        Files.write(file, old);
        GrubEnvFile stopping = new GrubEnvFile(file, step -> {
            if (step == WriteStep.TEMP_SYNCED) {
                throw new IOException("power cut");
            }
        });

        assertThatThrownBy(() -> stopping.write(GrubEnv.empty().with("A_OK", "1"))).hasMessage("power cut");

        assertThat(Files.readAllBytes(file)).isEqualTo(old);
        new GrubEnvFile(file).write(GrubEnv.empty().with("B_OK", "1")); // the leftover temporary file is reused
        assertThat(new GrubEnvFile(file).read().variables()).containsOnlyKeys("B_OK");
    }

    @Test
    void aFileLongerThanABlockIsRefusedAsSuch() throws Exception {
        Path file = esp.resolve("grubenv");
        Files.write(file, new byte[4096]);

        assertThatThrownBy(() -> new GrubEnvFile(file).read()).isInstanceOf(GrubEnvException.class)
                .hasMessageContaining("(more than 1024 bytes)").hasMessageContaining("left as it is");
    }

    @Test
    void variablesThatDoNotFitWriteNothing() throws Exception {
        Path file = esp.resolve("grubenv");
        byte[] old = GrubEnv.empty().encode();
        Files.write(file, old);

        assertThatThrownBy(() -> new GrubEnvFile(file).write(GrubEnv.empty().with("x", "y".repeat(2000))))
                .isInstanceOf(GrubEnvException.class).hasMessageContaining("nothing written");
        assertThat(Files.readAllBytes(file)).isEqualTo(old);
    }

    @Test
    void aMissingFileIsNoSuchFile() {
        assertThatThrownBy(() -> new GrubEnvFile(esp.resolve("grubenv")).read()).isInstanceOf(NoSuchFileException.class);
    }
}
