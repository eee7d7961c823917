package dev.osiris.agent.remote;

import java.time.Duration;
import java.util.Objects;

/**
 * A script to run on a host: PowerShell over WinRM, POSIX shell over SSH.
 *
 * @param name    short identifier used in logs, failures and evidence (never the body)
 * @param body    the script text
 * @param timeout how long the script may run, end to end, before it is terminated and reported as TIMEOUT
 */
public record Script(String name, String body, Duration timeout) {

    public Script {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("script " + name + ": timeout must be positive");
        }
    }

    public static Script of(String name, String body, Duration timeout) {
        return new Script(name, body, timeout);
    }
}
