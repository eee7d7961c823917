package dev.osiris.lab.windows.shell.natives;

import dev.osiris.lab.windows.shell.ShellContext;

/** What every native of the emulator shares: the loud refusal of what it does not model. */
final class Natives {

    /** The exit code of a refusal (no Windows tool uses it for success). */
    static final int REFUSED = 1;

    private Natives() {
    }

    /**
     * Refuses a switch, subcommand or form the emulator does not model, naming it: never an invented answer, an
     * ignored switch or a fake Windows error.
     */
    static int refuse(ShellContext ctx, String program, String what) {
        ctx.output().stderr(program + ": the Windows host emulator does not model " + what + ".\r\n");
        return REFUSED;
    }
}
