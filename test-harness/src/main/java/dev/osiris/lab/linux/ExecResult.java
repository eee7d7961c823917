package dev.osiris.lab.linux;

/** A lab command's outcome (the lab's own setup and inspection, not the agent's). */
public record ExecResult(int exitCode, String stdout, String stderr) {

    /** This result if the exit code is 0, else an {@link IllegalStateException} naming what failed. */
    public ExecResult requireSuccess(String what) {
        if (exitCode != 0) {
            throw new IllegalStateException(what + " exited with " + exitCode + ": " + stderr.strip() + " " + stdout.strip());
        }
        return this;
    }
}
