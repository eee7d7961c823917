package dev.osiris.agent.boot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link BootSlots} over the GRUB environment block that {@code grub/grub.cfg} reads, in RAUC's convention:
 * {@code ORDER} (slot names, the first preferred), {@code A_OK}/{@code B_OK} (1: may boot) and {@code A_TRY}/{@code
 * B_TRY} (boots GRUB started since the slot was last marked good or active; at 3 GRUB passes the slot over).
 * Variables GRUB's config does not know are kept as they are. The booted slot is the kernel command line's {@code
 * osiris.slot=} that grub.cfg passes. Blocking (file reads, fsync): call from a worker or the CLI.
 */
public final class GrubBootSlots implements BootSlots {

    /** GRUB's limit in grub.cfg: a slot with this many tries used is not booted again. */
    public static final int MAX_TRIES = 3;

    private final GrubEnvFile env;
    private final String kernelCommandLine;

    /** @param kernelCommandLine the booted kernel's command line, e.g. the contents of {@code /proc/cmdline} */
    public GrubBootSlots(GrubEnvFile env, String kernelCommandLine) {
        this.env = env;
        this.kernelCommandLine = kernelCommandLine;
    }

    /** Over {@code envFile}, with the running kernel's command line from {@code /proc/cmdline}. */
    public static GrubBootSlots ofRunningKernel(Path envFile) throws IOException {
        return new GrubBootSlots(new GrubEnvFile(envFile),
                Files.readString(Path.of("/proc/cmdline"), StandardCharsets.UTF_8));
    }

    /**
     * The booted slot and what the block says of both.
     *
     * @throws BootStateException when the command line names no slot, or a variable holds what GRUB's config would
     *                            not have written (e.g. {@code A_TRY=x}); a damaged block is a {@link GrubEnvException}
     */
    @Override
    public synchronized State read() throws IOException {
        Slot booted = bootedSlot(kernelCommandLine);
        GrubEnv block = env.read();
        return new State(booted, order(block), ok(block, Slot.A), tries(block, Slot.A), ok(block, Slot.B),
                tries(block, Slot.B));
    }

    @Override
    public synchronized void markActive(Slot slot) throws IOException {
        GrubEnv block = env.read();
        env.write(block.with("ORDER", slot + " " + slot.other())
                .with(slot + "_OK", "1")
                .with(slot + "_TRY", "0"));
    }

    @Override
    public synchronized void markGood(Slot slot) throws IOException {
        GrubEnv block = env.read();
        env.write(block.with(slot + "_OK", "1").with(slot + "_TRY", "0"));
    }

    @Override
    public synchronized void markBad(Slot slot) throws IOException {
        GrubEnv block = env.read();
        env.write(block.with(slot + "_OK", "0").with(slot + "_TRY", "0"));
    }

    /** {@code osiris.slot=A|B} from a kernel command line, the last one winning as with the kernel's own options. */
    static Slot bootedSlot(String commandLine) throws BootStateException {
        Optional<String> named = Optional.empty();
        for (String word : commandLine.strip().split("\\s+")) {
            if (word.startsWith("osiris.slot=")) {
                named = Optional.of(word.substring("osiris.slot=".length()));
            }
        }
        String value = named.orElseThrow(() -> new BootStateException("the kernel command line has no osiris.slot="
                + " (it was not booted by Osiris' grub.cfg): '" + commandLine.strip() + "'"));
        return switch (value) {
            case "A" -> Slot.A;
            case "B" -> Slot.B;
            default -> throw new BootStateException("the kernel command line names slot '" + value
                    + "' (osiris.slot=); the slots are A and B");
        };
    }

    /**
     * ORDER's slots, then any it leaves out: grub.cfg tries {@code $ORDER A B}, so that is the order GRUB follows.
     */
    private static List<Slot> order(GrubEnv block) throws BootStateException {
        String order = block.get("ORDER").orElse("A B");
        List<Slot> slots = new ArrayList<>();
        for (String name : order.strip().split("\\s+")) {
            if (name.isEmpty()) {
                continue;
            }
            Slot slot = switch (name) {
                case "A" -> Slot.A;
                case "B" -> Slot.B;
                default -> throw new BootStateException("ORDER='" + order + "' names slot '" + name
                        + "'; the slots are A and B");
            };
            if (slots.contains(slot)) {
                throw new BootStateException("ORDER='" + order + "' names slot " + slot + " twice");
            }
            slots.add(slot);
        }
        for (Slot slot : Slot.values()) {
            if (!slots.contains(slot)) {
                slots.add(slot);
            }
        }
        return List.copyOf(slots);
    }

    private static boolean ok(GrubEnv block, Slot slot) throws BootStateException {
        String name = slot + "_OK";
        String value = block.get(name).orElse("0");
        return switch (value) {
            case "1" -> true;
            case "0" -> false;
            default -> throw new BootStateException(name + "='" + value + "': must be 0 or 1");
        };
    }

    private static int tries(GrubEnv block, Slot slot) throws BootStateException {
        String name = slot + "_TRY";
        String value = block.get(name).orElse("0");
        if (!value.matches("[0-9]{1,9}")) {
            throw new BootStateException(name + "='" + value + "': must be a count of boots (0 to " + MAX_TRIES + ")");
        }
        return Integer.parseInt(value);
    }

    /** The block is readable but its slot variables, or the kernel command line, say something impossible. */
    public static final class BootStateException extends IOException {
        public BootStateException(String message) {
            super(message);
        }
    }
}
