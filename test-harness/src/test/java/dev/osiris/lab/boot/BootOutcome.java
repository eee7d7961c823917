package dev.osiris.lab.boot;

import dev.osiris.agent.boot.BootSlots.Slot;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What GRUB chose, read from the serial console: grub.cfg (under the test image's switch) prints
 * {@code osiris: booting slot B try 2}, {@code osiris: booting slot A by hand} or, with no bootable slot,
 * {@code osiris: recovery menu, no bootable slot}.
 */
record BootOutcome(Optional<Slot> slot, int tryNumber, boolean byHand, boolean recoveryMenu, String cmdline,
                   String console) {

    private static final Pattern BOOTING = Pattern.compile("osiris: booting slot ([AB]) (?:try ([0-9]+)|(by hand))");
    /** The kernel options grub.cfg passes, printed before the (test) halt. */
    private static final Pattern CMDLINE = Pattern.compile("osiris: cmdline ([^\r\n]*)");
    static final String RECOVERY = "osiris: recovery menu";

    static BootOutcome read(String console) {
        boolean recovery = console.contains(RECOVERY);
        Matcher c = CMDLINE.matcher(console);
        String cmdline = c.find() ? c.group(1).strip() : "";
        Matcher m = BOOTING.matcher(console);
        if (!m.find()) {
            return new BootOutcome(Optional.empty(), 0, false, recovery, cmdline, console);
        }
        Slot slot = Slot.valueOf(m.group(1));
        boolean byHand = m.group(3) != null;
        return new BootOutcome(Optional.of(slot), byHand ? 0 : Integer.parseInt(m.group(2)), byHand, recovery, cmdline,
                console);
    }

    @Override
    public String toString() {
        if (slot.isEmpty()) {
            return recoveryMenu ? "recovery menu" : "no boot";
        }
        return "slot " + slot.get() + (byHand ? " by hand" : " try " + tryNumber);
    }
}
