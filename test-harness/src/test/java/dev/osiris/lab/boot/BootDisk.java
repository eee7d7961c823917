package dev.osiris.lab.boot;

import dev.osiris.agent.boot.BootSlots;
import dev.osiris.agent.boot.GrubBootSlots;
import dev.osiris.agent.boot.GrubEnvFile;
import dev.osiris.testing.Tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The test disk {@code grub/build-test-image.sh} builds, and its GRUB environment block edited between boots the way
 * the appliance edits it: copied off the ESP with mtools, changed by the agent's own {@link GrubBootSlots}, copied back.
 */
final class BootDisk {

    static final List<String> TOOLS = List.of("sfdisk", "mkfs.vfat", "mmd", "mcopy", "grub-mkimage", "grub-editenv");
    private static final Duration WITHIN = Duration.ofSeconds(60);
    private static final String ESP_ENV = "::/EFI/BOOT/grubenv";
    /** The ESP starts at 1 MiB of a disk whose geometry mtools cannot check: it is not a floppy. */
    private static final Map<String, String> MTOOLS = Map.of("MTOOLS_SKIP_CHECK", "1");

    private final Path image;
    private final Path envCopy;

    private BootDisk(Path image, Path envCopy) {
        this.image = image;
        this.envCopy = envCopy;
    }

    /** Builds a fresh disk in {@code dir}: slot A good and first, slot B empty, as a factory image leaves it. */
    static BootDisk build(Path dir) {
        Path image = dir.resolve("disk.img");
        Tools.run(WITHIN, "bash", grubDir().resolve("build-test-image.sh").toString(), image.toString());
        return new BootDisk(image, dir.resolve("grubenv"));
    }

    /** {@code grub/} of this checkout, from the module directory Maven runs tests in or from the root. */
    static Path grubDir() {
        for (Path candidate : List.of(Path.of("grub"), Path.of("../grub"))) {
            if (Files.isRegularFile(candidate.resolve("grub.cfg"))) {
                return candidate.toAbsolutePath().normalize();
            }
        }
        throw new IllegalStateException("grub/grub.cfg not found from " + Path.of("").toAbsolutePath());
    }

    Path image() {
        return image;
    }

    /** The slots as the agent booted into {@code booted} sees them, on a copy of the ESP's block. */
    BootSlots.State state(BootSlots.Slot booted) throws IOException {
        return slots(booted).read();
    }

    /** Runs {@code change} on the slots as the agent booted into {@code booted} would, and writes the block back. */
    void edit(BootSlots.Slot booted, SlotChange change) throws IOException {
        change.apply(slots(booted));
        Tools.run(WITHIN, MTOOLS, "mcopy", "-o", "-i", image + "@@1M", envCopy.toString(), ESP_ENV);
    }

    private GrubBootSlots slots(BootSlots.Slot booted) throws IOException {
        Files.deleteIfExists(envCopy);
        Tools.run(WITHIN, MTOOLS, "mcopy", "-n", "-i", image + "@@1M", ESP_ENV, envCopy.toString());
        return new GrubBootSlots(new GrubEnvFile(envCopy), "osiris.slot=" + booted + " osiris.boot=auto");
    }

    @FunctionalInterface
    interface SlotChange {
        void apply(BootSlots slots) throws IOException;
    }
}
