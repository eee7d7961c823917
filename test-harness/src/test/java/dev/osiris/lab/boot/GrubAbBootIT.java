package dev.osiris.lab.boot;

import dev.osiris.agent.boot.BootSlots.Slot;
import dev.osiris.agent.boot.BootSlots.State;
import dev.osiris.lab.boot.Qemu.Firmware;
import dev.osiris.testing.Tools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Real GRUB (Debian's, BIOS and UEFI) boots the test disk in QEMU, again and again; between boots the agent's own
 * {@code GrubBootSlots} edits the environment block on the ESP (through mtools) as the update agent and the health
 * gate would, and GRUB's choice is read from the serial console. After each boot the counters are what the health
 * gate expects to find: the booted slot first in ORDER with its try used, or the other slot's tries exhausted.
 */
class GrubAbBootIT {

    @TempDir
    Path dir;

    private BootDisk disk;

    @BeforeAll
    static void grubQemuAndMtoolsAreInstalled() {
        for (String tool : BootDisk.TOOLS) {
            assumeTrue(Tools.find(tool).isPresent(), tool + " is not installed (Debian: grub-common, mtools, dosfstools,"
                    + " fdisk; ./osiris test installs them)");
        }
        assumeTrue(Tools.find(Qemu.BINARY).isPresent(), Qemu.BINARY + " is not installed (Debian: qemu-system-x86)");
        for (String platform : List.of("i386-pc", "x86_64-efi")) {
            assumeTrue(Files.isDirectory(Path.of("/usr/lib/grub", platform)), "/usr/lib/grub/" + platform
                    + " is missing (Debian: grub-pc-bin, grub-efi-amd64-bin)");
        }
    }

    @BeforeEach
    void freshFactoryDisk() {
        disk = BootDisk.build(dir);
    }

    @Test
    void aGoodUpdateIsTriedOnceAndCommitted() throws Exception {
        assertThat(bios()).hasToString("slot A try 1");
        disk.edit(Slot.A, slots -> slots.markGood(Slot.A)); // the gate passes on the factory slot

        disk.edit(Slot.A, slots -> slots.markActive(Slot.B)); // the update agent wrote slot B
        BootOutcome trial = bios();
        assertThat(trial).hasToString("slot B try 1");
        assertThat(trial.cmdline()).isEqualTo("osiris.slot=B rauc.slot=B osiris.boot=auto");
        assertThat(disk.state(Slot.B)).as("what the gate finds on the trial boot")
                .isEqualTo(new State(Slot.B, List.of(Slot.B, Slot.A), true, 0, true, 1));
        disk.edit(Slot.B, slots -> slots.markGood(Slot.B)); // the gate passes: committed

        assertThat(bios()).hasToString("slot B try 1");
        assertThat(bios()).as("a committed slot is never used up by reboots whose gate passes").hasToString("slot B try 2");
        assertThat(disk.state(Slot.B)).isEqualTo(new State(Slot.B, List.of(Slot.B, Slot.A), true, 0, true, 2));
    }

    @Test
    void aSlotWhoseGateFailsThreeBootsFallsBackToTheOtherSlot() throws Exception {
        disk.edit(Slot.A, slots -> slots.markGood(Slot.A));
        disk.edit(Slot.A, slots -> slots.markActive(Slot.B));

        for (int attempt = 1; attempt <= 3; attempt++) {
            assertThat(bios()).hasToString("slot B try " + attempt); // the gate fails: nothing marks it good
            assertThat(disk.state(Slot.B)).isEqualTo(new State(Slot.B, List.of(Slot.B, Slot.A), true, 0, true, attempt));
        }

        BootOutcome fallback = bios();
        assertThat(fallback).hasToString("slot A try 1");
        assertThat(fallback.cmdline()).isEqualTo("osiris.slot=A rauc.slot=A osiris.boot=auto");
        assertThat(disk.state(Slot.A)).as("what the agent finds back on the old slot: B tried 3 times")
                .isEqualTo(new State(Slot.A, List.of(Slot.B, Slot.A), true, 1, true, 3));
        disk.edit(Slot.A, slots -> {
            slots.markGood(Slot.A);
            slots.markBad(Slot.B); // the agent records the rollback and retires the failed release
        });
        assertThat(bios()).hasToString("slot A try 1");
        assertThat(disk.state(Slot.A)).isEqualTo(new State(Slot.A, List.of(Slot.B, Slot.A), true, 1, false, 0));
    }

    @Test
    void aSlotMarkedBadIsSkippedThoughOrderPrefersIt() throws Exception {
        disk.edit(Slot.A, slots -> {
            slots.markActive(Slot.B);
            slots.markBad(Slot.B);
        });

        assertThat(bios()).hasToString("slot A try 1");
        assertThat(disk.state(Slot.A)).isEqualTo(new State(Slot.A, List.of(Slot.B, Slot.A), true, 1, false, 0));
    }

    @Test
    void withBothSlotsBadTheRecoveryMenuBootsAChosenSlotByHand() throws Exception {
        disk.edit(Slot.A, slots -> {
            slots.markBad(Slot.A);
            slots.markBad(Slot.B);
        });

        BootOutcome waiting = Qemu.boot(disk, Firmware.BIOS);
        assertThat(waiting.recoveryMenu()).as(waiting.console()).isTrue();
        assertThat(waiting.slot()).isEmpty();

        BootOutcome chosen = Qemu.bootPressingInRecovery(disk, 'b');
        assertThat(chosen).hasToString("slot B by hand");
        assertThat(chosen.cmdline()).isEqualTo("osiris.slot=B rauc.slot=B osiris.boot=manual");
        assertThat(disk.state(Slot.B)).as("a boot by hand counts nothing")
                .isEqualTo(new State(Slot.B, List.of(Slot.A, Slot.B), false, 0, false, 0));
    }

    @Test
    void bothSlotsOutOfTriesReachTheRecoveryMenu() throws Exception {
        disk.edit(Slot.A, slots -> slots.markActive(Slot.B));
        for (int attempt = 1; attempt <= 3; attempt++) {
            assertThat(bios()).hasToString("slot B try " + attempt);
        }
        for (int attempt = 1; attempt <= 3; attempt++) {
            assertThat(bios()).hasToString("slot A try " + attempt);
        }

        BootOutcome last = Qemu.boot(disk, Firmware.BIOS);
        assertThat(last.recoveryMenu()).as(last.console()).isTrue();
        assertThat(disk.state(Slot.A)).isEqualTo(new State(Slot.A, List.of(Slot.B, Slot.A), true, 3, true, 3));
    }

    @Test
    void underUefiTheUpdatedSlotIsTriedAndItsTrySaved() throws Exception {
        assumeTrue(Files.isRegularFile(Qemu.OVMF_CODE) && Files.isRegularFile(Qemu.OVMF_VARS),
                Qemu.OVMF_CODE + " is missing (Debian: ovmf)");
        disk.edit(Slot.A, slots -> slots.markActive(Slot.B));

        BootOutcome boot = Qemu.boot(disk, Firmware.UEFI);

        assertThat(boot).as(boot.console()).hasToString("slot B try 1");
        assertThat(disk.state(Slot.B)).isEqualTo(new State(Slot.B, List.of(Slot.B, Slot.A), true, 0, true, 1));
    }

    private BootOutcome bios() throws Exception {
        BootOutcome outcome = Qemu.boot(disk, Firmware.BIOS);
        assertThat(outcome.slot()).as("GRUB chose a slot; console:\n" + outcome.console()).isPresent();
        return outcome;
    }
}
