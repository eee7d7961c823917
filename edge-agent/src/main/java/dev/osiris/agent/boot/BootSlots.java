package dev.osiris.agent.boot;
/** The appliance's two root slots as the boot loader sees them (RAUC's GRUB convention). */
public interface BootSlots {
    enum Slot { A, B; public Slot other() { return this == A ? B : A; } }
    /** The booted slot, the preferred order, and per slot: good (X_OK) and the tries left/used (X_TRY). */
    record State(Slot booted, java.util.List<Slot> order, boolean aOk, int aTry, boolean bOk, int bTry) { }
    State read() throws java.io.IOException;
    /** RAUC mark-active: OK=1, TRY=0, moved to the front of ORDER (the next boot tries it). */
    void markActive(Slot slot) throws java.io.IOException;
    /** RAUC mark-good: OK=1, TRY=0. */
    void markGood(Slot slot) throws java.io.IOException;
    /** RAUC mark-bad: OK=0, TRY=0. */
    void markBad(Slot slot) throws java.io.IOException;
}
