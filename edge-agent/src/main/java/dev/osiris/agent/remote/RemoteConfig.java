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

    public static final RemoteConfig DEFAULTS =
            new RemoteConfig(Duration.ofSeconds(10), Duration.ofSeconds(30), 1024 * 1024, 8, 8, true);

    public RemoteConfig {
        requirePositive(connectTimeout, "remote.connectTimeout");
        requirePositive(operationTimeout, "remote.operationTimeout");
        if (maxOutputBytes < 1024) {
            throw new IllegalArgumentException("remote.maxOutputBytes must be at least 1024, got " + maxOutputBytes);
        }
        if (winrmWorkers < 1 || sshWorkers < 1) {
            throw new IllegalArgumentException("remote.winrmWorkers and remote.sshWorkers must be at least 1");
        }
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

    private static void requirePositive(Duration d, String path) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(path + " must be a positive duration, got " + d);
        }
    }
}
