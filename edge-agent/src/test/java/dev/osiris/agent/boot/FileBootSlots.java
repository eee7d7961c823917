package dev.osiris.agent.boot;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A file-backed stand-in for the GRUB environment block (the boot half of issue 11 provides the real one), with a
 * simulated boot that follows the GRUB script's rule: the first slot in ORDER that is OK and has fewer than 3 tries
 * is booted and its TRY counted; a slot with 3 tries is skipped. Written atomically, so a kill leaves old or new.
 */
public final class FileBootSlots implements BootSlots {

    public static final int MAX_TRIES = 3;

    private final Path file;

    public FileBootSlots(Path file) {
        this.file = file;
    }

    /** A fresh appliance: both slots good, A first and booted. */
    public static FileBootSlots fresh(Path file) throws IOException {
        FileBootSlots slots = new FileBootSlots(file);
        slots.write(new State(Slot.A, List.of(Slot.A, Slot.B), true, 0, true, 0));
        return slots;
    }

    @Override
    public synchronized State read() throws IOException {
        Map<String, String> v = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                v.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        List<Slot> order = Arrays.stream(v.get("ORDER").split(" ")).map(Slot::valueOf).toList();
        return new State(Slot.valueOf(v.get("BOOTED")), order, "1".equals(v.get("A_OK")),
                Integer.parseInt(v.get("A_TRY")), "1".equals(v.get("B_OK")), Integer.parseInt(v.get("B_TRY")));
    }

    @Override
    public synchronized void markActive(Slot slot) throws IOException {
        State s = read();
        List<Slot> order = new ArrayList<>(List.of(slot, slot.other()));
        write(with(new State(s.booted(), order, s.aOk(), s.aTry(), s.bOk(), s.bTry()), slot, true, 0));
    }

    @Override
    public synchronized void markGood(Slot slot) throws IOException {
        write(with(read(), slot, true, 0));
    }

    @Override
    public synchronized void markBad(Slot slot) throws IOException {
        write(with(read(), slot, false, 0));
    }

    /** What GRUB does at power-on; returns the booted slot, or null when none is bootable (the recovery entry). */
    public synchronized Slot boot() throws IOException {
        State s = read();
        for (Slot slot : s.order()) {
            boolean ok = slot == Slot.A ? s.aOk() : s.bOk();
            int tries = slot == Slot.A ? s.aTry() : s.bTry();
            if (ok && tries < MAX_TRIES) {
                State counted = with(s, slot, true, tries + 1);
                write(new State(slot, counted.order(), counted.aOk(), counted.aTry(), counted.bOk(), counted.bTry()));
                return slot;
            }
        }
        return null;
    }

    /** The kernel command line GRUB passes for the booted slot. */
    public String cmdline() throws IOException {
        return "BOOT_IMAGE=/vmlinuz ro quiet osiris.slot=" + read().booted() + "\n";
    }

    private static State with(State s, Slot slot, boolean ok, int tries) {
        return slot == Slot.A ? new State(s.booted(), s.order(), ok, tries, s.bOk(), s.bTry())
                : new State(s.booted(), s.order(), s.aOk(), s.aTry(), ok, tries);
    }

    private void write(State s) throws IOException {
        String text = "BOOTED=" + s.booted() + "\nORDER=" + String.join(" ", s.order().stream().map(Enum::name).toList())
                + "\nA_OK=" + (s.aOk() ? 1 : 0) + "\nA_TRY=" + s.aTry() + "\nB_OK=" + (s.bOk() ? 1 : 0)
                + "\nB_TRY=" + s.bTry() + "\n";
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
