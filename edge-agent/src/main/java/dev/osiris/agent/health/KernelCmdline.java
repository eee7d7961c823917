package dev.osiris.agent.health;

import dev.osiris.agent.boot.BootSlots.Slot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/** The slot GRUB booted, as it passed it on the kernel command line ({@code osiris.slot=A|B}). */
public final class KernelCmdline {

    private KernelCmdline() {
    }

    /** The slot named on the command line in {@code file}; empty when the file or the word is missing. */
    public static Optional<Slot> bootedSlot(Path file) throws IOException {
        String line;
        try {
            line = Files.readString(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        for (String word : line.trim().split("\\s+")) {
            if (word.startsWith("osiris.slot=")) {
                String v = word.substring("osiris.slot=".length());
                if (v.equalsIgnoreCase("a") || v.equalsIgnoreCase("b")) {
                    return Optional.of(Slot.valueOf(v.toUpperCase(java.util.Locale.ROOT)));
                }
                throw new IOException(file + ": osiris.slot=" + v + " names no slot (A or B)");
            }
        }
        return Optional.empty();
    }
}
