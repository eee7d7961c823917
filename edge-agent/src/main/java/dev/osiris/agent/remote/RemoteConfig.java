package dev.osiris.agent.remote;

import java.time.Duration;

/**
 * Timeouts, sizes and pool widths of the remote-execution adapters. Every library timeout is set from here
 * explicitly, because the libraries' defaults (minutes, or none) are unsafe for an appliance.
 *
 * @param connectTimeout    TCP connect (and, for SSH, the protocol greeting/key exchange)
 * @param operationTimeout  one protocol round trip once connected: SSH auth/channel open, WinRM HTTP read
 * @param maxOutputBytes    per stream (stdout, stderr); output beyond is dropped and flagged truncated
 * @param winrmWorkers      threads for WinRM (each running script holds one for its duration)
 * @param sshWorkers        threads for SSH
 * @param trustOnFirstUse   accept and record an unknown SSH host key (false: HOST_KEY_UNKNOWN)
 */
public record RemoteConfig(Duration connectTimeout, Duration operationTimeout, int maxOutputBytes,
                           int winrmWorkers, int sshWorkers, boolean trustOnFirstUse) {

    /** Upper bounds: beyond them a value is a typo (a timeout in ms read as s, a pool that would exhaust memory). */
    static final Duration MAX_CONNECT_TIMEOUT = Duration.ofMinutes(5);
    static final Duration MAX_OPERATION_TIMEOUT = Duration.ofHours(1);
    static final int MAX_OUTPUT_BYTES = 64 * 1024 * 1024;
    static final int MAX_WORKERS = 256;

    public static final RemoteConfig DEFAULTS =
            new RemoteConfig(Duration.ofSeconds(10), Duration.ofSeconds(30), 1024 * 1024, 8, 8, true);

    /** @throws IllegalArgumentException whose message starts with the YAML path of the bad value ({@code remote.x:}) */
    public RemoteConfig {
        bounded(connectTimeout, MAX_CONNECT_TIMEOUT, "remote.connectTimeout");
        bounded(operationTimeout, MAX_OPERATION_TIMEOUT, "remote.operationTimeout");
        range(maxOutputBytes, 1024, MAX_OUTPUT_BYTES, "remote.maxOutputBytes");
        range(winrmWorkers, 1, MAX_WORKERS, "remote.winrmWorkers");
        range(sshWorkers, 1, MAX_WORKERS, "remote.sshWorkers");
    }

    public RemoteConfig withConnectTimeout(Duration value) {
        return new RemoteConfig(value, operationTimeout, maxOutputBytes, winrmWorkers, sshWorkers, trustOnFirstUse);
    }

    public RemoteConfig withOperationTimeout(Duration value) {
        return new RemoteConfig(connectTimeout, value, maxOutputBytes, winrmWorkers, sshWorkers, trustOnFirstUse);
    }

    public RemoteConfig withMaxOutputBytes(int value) {
        return new RemoteConfig(connectTimeout, operationTimeout, value, winrmWorkers, sshWorkers, trustOnFirstUse);
    }

    public RemoteConfig withTrustOnFirstUse(boolean value) {
        return new RemoteConfig(connectTimeout, operationTimeout, maxOutputBytes, winrmWorkers, sshWorkers, value);
    }

    public RemoteConfig withWorkers(int winrm, int ssh) {
        return new RemoteConfig(connectTimeout, operationTimeout, maxOutputBytes, winrm, ssh, trustOnFirstUse);
    }

    private static void bounded(Duration d, Duration max, String path) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(path + ": must be a positive duration, got " + d);
        }
        if (d.compareTo(max) > 0) {
            throw new IllegalArgumentException(path + ": must be at most " + max + ", got " + d);
        }
    }

    private static void range(int v, int min, int max, String path) {
        if (v < min || v > max) {
            throw new IllegalArgumentException(path + ": must be between " + min + " and " + max + ", got " + v);
        }
    }
}
