package dev.osiris.lab.update;

import dev.osiris.agent.boot.BootSlots.Slot;
import dev.osiris.agent.boot.GrubEnv;
import dev.osiris.agent.boot.GrubEnvFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The boot loader of an appliance whose slots are files: a real GRUB environment block read and written as
 * {@code grub/grub.cfg} does (the first slot of {@code $ORDER A B} that is OK with fewer than 3 tries is booted and
 * its try counted), and the kernel command line GRUB would pass ({@code osiris.slot=X}) written where the agent's
 * {@code update.kernelCmdline} reads it. The GRUB-in-QEMU tests prove the script itself; this is its rule, for demos.
 */
public final class SimulatedBoot {

    private static final int MAX_TRIES = 3;

    private final GrubEnvFile env;
    private final Path cmdline;

    public SimulatedBoot(Path grubEnv, Path cmdline) {
        this.env = new GrubEnvFile(grubEnv);
        this.cmdline = cmdline;
    }

    /** A fresh appliance: both slots good, A first, booted from A. */
    public SimulatedBoot fresh() throws IOException {
        env.write(GrubEnv.empty().with("ORDER", "A B").with("A_OK", "1").with("A_TRY", "0").with("B_OK", "1")
                .with("B_TRY", "0"));
        Files.writeString(cmdline, "BOOT_IMAGE=/vmlinuz ro osiris.slot=A\n");
        return this;
    }

    /** Boots as GRUB does; empty when no slot may boot (GRUB's recovery menu). */
    public Optional<Slot> boot() throws IOException {
        GrubEnv block = env.read();
        String order = block.get("ORDER").orElse("A B") + " A B";
        for (String name : order.strip().split("\\s+")) {
            Slot slot = Slot.valueOf(name);
            int tries = Integer.parseInt(block.get(slot + "_TRY").orElse("0"));
            if ("1".equals(block.get(slot + "_OK").orElse("0")) && tries < MAX_TRIES) {
                env.write(block.with(slot + "_TRY", String.valueOf(tries + 1)));
                Files.writeString(cmdline, "BOOT_IMAGE=/vmlinuz ro osiris.slot=" + slot + "\n");
                return Optional.of(slot);
            }
        }
        return Optional.empty();
    }
}
