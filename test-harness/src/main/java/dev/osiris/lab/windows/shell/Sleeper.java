package dev.osiris.lab.windows.shell;

import java.time.Duration;

/**
 * How a command waits (Start-Sleep, simulated durations). The emulator's implementation parks a
 * virtual thread on a Vert.x timer; unit tests use {@link #INSTANT}.
 */
@FunctionalInterface
public interface Sleeper {
    /** Returns at once: for running scripts in unit tests without waiting. */
    Sleeper INSTANT = d -> { };

    /** Waits; throws InterruptedException when the command is terminated meanwhile. */
    void sleep(Duration duration) throws InterruptedException;
}
