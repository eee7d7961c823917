package dev.osiris.lab.windows.shell;

import java.time.Duration;

/**
 * How a command waits (Start-Sleep, simulated durations). The emulator's implementation parks a
 * virtual thread on a Vert.x timer; tests may use {@link #REAL} or an instant one.
 */
@FunctionalInterface
public interface Sleeper {
    Sleeper REAL = d -> Thread.sleep(d.toMillis());
    Sleeper INSTANT = d -> { };

    /** Waits; throws InterruptedException when the command is terminated meanwhile. */
    void sleep(Duration duration) throws InterruptedException;
}
