package dev.osiris.lab.windows.shell.ps;

/** A cmdlet implementation; it reads bound parameters and pipeline input from the call and emits objects. */
@FunctionalInterface
public interface Cmdlet {
    /** Throws {@link PsError} for a terminating error; non-terminating errors go through {@link CmdletCall#writeError}. */
    void invoke(CmdletCall call) throws InterruptedException;
}
