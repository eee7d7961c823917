package dev.osiris.agent.boot;

import dev.osiris.agent.boot.BootSlots.Slot;
import dev.osiris.agent.boot.BootSlots.State;
import dev.osiris.testing.Tools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** GRUB's own grub-editenv as the peer: the block Java writes is the block GRUB's tool reads, and the other way. */
class GrubEnvEditenvIT {

    private static final Duration WITHIN = Duration.ofSeconds(30);

    @TempDir
    Path esp;

    @BeforeAll
    static void grubEditenvIsInstalled() {
        assumeTrue(Tools.find("grub-editenv").isPresent(),
                "grub-editenv is not on PATH: install Debian's grub-common (./osiris test does)");
    }

    @Test
    void whatJavaWritesGrubEditenvLists() throws Exception {
        Path file = esp.resolve("grubenv");
        new GrubEnvFile(file).write(GrubEnv.empty().with("ORDER", "B A").with("A_OK", "1").with("A_TRY", "0")
                .with("note", "back\\slash"));

        assertThat(Tools.run(WITHIN, "grub-editenv", file.toString(), "list"))
                .isEqualTo("ORDER=B A\nA_OK=1\nA_TRY=0\nnote=back\\slash\n");
    }

    @Test
    void whatGrubEditenvSetsAndUnsetsJavaReads() throws Exception {
        Path file = esp.resolve("grubenv");
        Tools.run(WITHIN, "grub-editenv", file.toString(), "create");
        Tools.run(WITHIN, "grub-editenv", file.toString(), "set", "ORDER=A B", "A_OK=1", "A_TRY=2", "B_OK=0",
                "B_TRY=0", "saved_entry=x\\y");
        Tools.run(WITHIN, "grub-editenv", file.toString(), "unset", "B_OK");
        Tools.run(WITHIN, "grub-editenv", file.toString(), "set", "A_TRY=3");

        GrubEnv env = new GrubEnvFile(file).read();

        assertThat(env.variables()).containsExactly(Map.entry("ORDER", "A B"), Map.entry("A_OK", "1"),
                Map.entry("A_TRY", "3"), Map.entry("B_TRY", "0"), Map.entry("saved_entry", "x\\y"));
    }

    @Test
    void aChangeMadeInJavaIsByteForByteTheChangeGrubEditenvMakes() throws Exception {
        Path ours = esp.resolve("ours");
        Path theirs = esp.resolve("theirs");
        Tools.run(WITHIN, "grub-editenv", ours.toString(), "create"); // with Debian's warning comment line
        Tools.run(WITHIN, "grub-editenv", ours.toString(), "set", "ORDER=A B", "A_OK=1", "A_TRY=0", "B_TRY=0");
        Files.copy(ours, theirs);

        GrubEnv before = new GrubEnvFile(ours).read();
        new GrubEnvFile(ours).write(before.with("ORDER", "B").with("A_TRY", "12").with("B_OK", "1"));
        Tools.run(WITHIN, "grub-editenv", theirs.toString(), "set", "ORDER=B", "A_TRY=12", "B_OK=1");

        assertThat(Files.readAllBytes(ours)).isEqualTo(Files.readAllBytes(theirs));
    }

    @Test
    void slotMarksReadTheSameThroughGrubEditenv() throws Exception {
        Path file = esp.resolve("grubenv");
        Tools.run(WITHIN, "grub-editenv", file.toString(), "create");
        Tools.run(WITHIN, "grub-editenv", file.toString(), "set", "ORDER=A B", "A_OK=1", "A_TRY=1", "B_OK=0", "B_TRY=0");
        GrubBootSlots slots = new GrubBootSlots(new GrubEnvFile(file), "osiris.slot=A");

        slots.markGood(Slot.A);
        slots.markActive(Slot.B);

        assertThat(Tools.run(WITHIN, "grub-editenv", file.toString(), "list"))
                .isEqualTo("ORDER=B A\nA_OK=1\nA_TRY=0\nB_OK=1\nB_TRY=0\n");
        Tools.run(WITHIN, "grub-editenv", file.toString(), "set", "B_TRY=1");
        assertThat(slots.read()).isEqualTo(new State(Slot.A, List.of(Slot.B, Slot.A), true, 0, true, 1));
    }

    @Test
    void aTruncatedBlockFromGrubEditenvIsRefusedAndLeftAlone() throws Exception {
        Path file = esp.resolve("grubenv");
        Tools.run(WITHIN, "grub-editenv", file.toString(), "create");
        byte[] truncated = Arrays.copyOf(Files.readAllBytes(file), 512);
        Files.write(file, truncated);

        assertThatThrownBy(() -> new GrubBootSlots(new GrubEnvFile(file), "osiris.slot=A").markGood(Slot.A))
                .isInstanceOf(GrubEnvException.class).hasMessageContaining("(512 bytes) is 512 bytes");
        assertThat(Files.readAllBytes(file)).isEqualTo(truncated);
    }

    @Test
    void aBlockGrubEditenvWroteAndSomethingDamagedIsRefused() throws Exception {
        Path file = esp.resolve("grubenv");
        Tools.run(WITHIN, "grub-editenv", file.toString(), "create");
        Tools.run(WITHIN, "grub-editenv", file.toString(), "set", "A_OK=1");
        byte[] damaged = Files.readAllBytes(file);
        damaged[damaged.length - 1] = 0;
        Files.write(file, damaged);

        assertThatThrownBy(() -> new GrubEnvFile(file).read()).isInstanceOf(GrubEnvException.class)
                .hasMessageContaining("byte 0x00 at offset 1023 in the padding");
    }
}
