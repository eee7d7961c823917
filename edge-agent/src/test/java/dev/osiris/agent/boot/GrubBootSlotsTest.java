package dev.osiris.agent.boot;

import dev.osiris.agent.boot.BootSlots.Slot;
import dev.osiris.agent.boot.BootSlots.State;
import dev.osiris.agent.boot.GrubBootSlots.BootStateException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.osiris.agent.boot.GrubEnvTest.block;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GrubBootSlotsTest {

    private static final String CMDLINE_B = "BOOT_IMAGE=/boot/kernel osiris.slot=B rauc.slot=B osiris.boot=auto quiet\n";

    @TempDir
    Path esp;

    @Test
    void readsTheBootedSlotFromTheCommandLineAndBothSlotsFromTheBlock() throws Exception {
        State state = slots("ORDER=B A\nA_OK=1\nA_TRY=0\nB_OK=1\nB_TRY=2\n", CMDLINE_B).read();

        assertThat(state).isEqualTo(new State(Slot.B, List.of(Slot.B, Slot.A), true, 0, true, 2));
    }

    @Test
    void missingVariablesReadAsGrubCfgDefaultsThem() throws Exception {
        State state = slots("", "osiris.slot=A").read();

        assertThat(state).isEqualTo(new State(Slot.A, List.of(Slot.A, Slot.B), false, 0, false, 0));
    }

    @Test
    void aSlotOrderLeavesOutComesLastAsGrubCfgTriesIt() throws Exception {
        assertThat(slots("ORDER=B\n", "osiris.slot=B").read().order()).containsExactly(Slot.B, Slot.A);
    }

    @Test
    void markActiveMovesTheSlotToTheFrontAndResetsItKeepingOtherVariables() throws Exception {
        GrubBootSlots slots = slots("ORDER=A B\nA_OK=1\nA_TRY=0\nB_OK=0\nB_TRY=3\nsaved_entry=osiris-auto\n", "osiris.slot=A");

        slots.markActive(Slot.B);

        assertThat(env().variables()).containsExactly(
                Map.entry("ORDER", "B A"), Map.entry("A_OK", "1"), Map.entry("A_TRY", "0"),
                Map.entry("B_OK", "1"), Map.entry("B_TRY", "0"),
                Map.entry("saved_entry", "osiris-auto"));
    }

    @Test
    void markGoodSetsOkAndClearsTheTriesLeavingTheOrder() throws Exception {
        GrubBootSlots slots = slots("ORDER=B A\nA_OK=1\nA_TRY=0\nB_OK=1\nB_TRY=1\n", CMDLINE_B);

        slots.markGood(Slot.B);

        assertThat(slots.read()).isEqualTo(new State(Slot.B, List.of(Slot.B, Slot.A), true, 0, true, 0));
    }

    @Test
    void markBadClearsOkAndTries() throws Exception {
        GrubBootSlots slots = slots("ORDER=B A\nA_OK=1\nA_TRY=1\nB_OK=1\nB_TRY=3\n", "osiris.slot=A");

        slots.markBad(Slot.B);

        assertThat(slots.read()).isEqualTo(new State(Slot.A, List.of(Slot.B, Slot.A), true, 1, false, 0));
    }

    @Test
    void markActiveRepairsAnOrderThatNamesUnknownSlots() throws Exception {
        GrubBootSlots slots = slots("ORDER=X Y\nA_OK=1\n", "osiris.slot=A");
        assertThatThrownBy(slots::read).isInstanceOf(BootStateException.class)
                .hasMessage("ORDER='X Y' names slot 'X'; the slots are A and B");

        slots.markActive(Slot.A);

        assertThat(slots.read().order()).containsExactly(Slot.A, Slot.B);
    }

    @Test
    void valuesGrubCfgWouldNotWriteAreRefusedByName() {
        assertThatThrownBy(() -> slots("A_OK=yes\n", "osiris.slot=A").read()).isInstanceOf(BootStateException.class)
                .hasMessage("A_OK='yes': must be 0 or 1");
        assertThatThrownBy(() -> slots("B_TRY=-1\n", "osiris.slot=A").read()).isInstanceOf(BootStateException.class)
                .hasMessageStartingWith("B_TRY='-1': must be a count of boots");
        assertThatThrownBy(() -> slots("ORDER=A A\n", "osiris.slot=A").read()).isInstanceOf(BootStateException.class)
                .hasMessage("ORDER='A A' names slot A twice");
    }

    @Test
    void aCommandLineWithoutOsirisSlotIsRefusedQuotingIt() {
        assertThatThrownBy(() -> slots("", "root=/dev/sda2 quiet\n").read()).isInstanceOf(BootStateException.class)
                .hasMessageContaining("no osiris.slot=").hasMessageContaining("'root=/dev/sda2 quiet'");
        assertThatThrownBy(() -> slots("", "osiris.slot=C").read()).isInstanceOf(BootStateException.class)
                .hasMessage("the kernel command line names slot 'C' (osiris.slot=); the slots are A and B");
    }

    @Test
    void theLastOsirisSlotOnTheCommandLineWinsAsWithKernelOptions() throws Exception {
        assertThat(GrubBootSlots.bootedSlot("osiris.slot=A osiris.slot=B")).isEqualTo(Slot.B);
    }

    @Test
    void aCorruptBlockIsRefusedAndLeftAsItWas() throws Exception {
        byte[] corrupt = block("A_OK=1\n");
        corrupt[700] = 'x';
        Path file = esp.resolve("grubenv");
        Files.write(file, corrupt);
        GrubBootSlots slots = new GrubBootSlots(new GrubEnvFile(file), "osiris.slot=A");

        assertThatThrownBy(() -> slots.markGood(Slot.A)).isInstanceOf(GrubEnvException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("offset 700");
        assertThat(Files.readAllBytes(file)).isEqualTo(corrupt);
    }

    private GrubBootSlots slots(String body, String cmdline) throws Exception {
        Files.write(esp.resolve("grubenv"), block(body));
        return new GrubBootSlots(new GrubEnvFile(esp.resolve("grubenv")), cmdline);
    }

    private GrubEnv env() throws Exception {
        return GrubEnv.parse(Files.readAllBytes(esp.resolve("grubenv")));
    }
}
