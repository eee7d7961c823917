package dev.osiris.lab.windows.shell;

import java.util.List;

/** A Windows executable the emulator implements (auditpol, netsh, reg ...). */
@FunctionalInterface
public interface NativeCommand {
    /** Runs with already-split arguments, writes to {@code ctx.output()}, returns the process exit code. */
    int run(List<String> args, ShellContext ctx) throws InterruptedException;
}
