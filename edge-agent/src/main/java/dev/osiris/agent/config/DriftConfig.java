package dev.osiris.agent.config;

import java.time.Duration;

/**
 * The agent's own limits for scanning and healing (the site's runbooks, interval, mode and dry-run come from the
 * relay). YAML section {@code drift:}.
 *
 * @param scanConcurrency hosts scanned (and healed) at once; the rest queue
 * @param firstScanDelay  a new target's first scan starts after this (spread across targets)
 * @param maxAttempts     L1 remediate+verify attempts before L2/L3
 * @param retryBackoff    wait before the second attempt, doubled after each
 * @param flapThreshold   verified heals of one check within {@code flapWindow} that count as flapping
 * @param flapWindow      the flapping window
 * @param promoteAfter    K verified resolutions of a pattern with no failure promote it to an L1 rule
 */
public record DriftConfig(int scanConcurrency, Duration firstScanDelay, int maxAttempts, Duration retryBackoff,
                          int flapThreshold, Duration flapWindow, int promoteAfter) {

    public static final DriftConfig DEFAULTS = new DriftConfig(16, Duration.ofSeconds(10), 2, Duration.ofSeconds(2), 3,
            Duration.ofHours(1), 3);

    public DriftConfig {
        range(scanConcurrency, 1, 256, "drift.scanConcurrency");
        range(maxAttempts, 1, 10, "drift.maxAttempts");
        range(flapThreshold, 2, 100, "drift.flapThreshold");
        range(promoteAfter, 1, 100, "drift.promoteAfter");
        if (firstScanDelay == null || firstScanDelay.isNegative()) {
            throw new ConfigException("drift.firstScanDelay: must be a duration >= 0");
        }
        ConfigValidation.positive(retryBackoff, "drift.retryBackoff");
        ConfigValidation.positive(flapWindow, "drift.flapWindow");
    }

    private static void range(int v, int min, int max, String path) {
        if (v < min || v > max) {
            throw new ConfigException(path + ": must be between " + min + " and " + max + ", got " + v);
        }
    }

    public DriftConfig withFirstScanDelay(Duration v) {
        return new DriftConfig(scanConcurrency, v, maxAttempts, retryBackoff, flapThreshold, flapWindow, promoteAfter);
    }

    public DriftConfig withRetryBackoff(Duration v) {
        return new DriftConfig(scanConcurrency, firstScanDelay, maxAttempts, v, flapThreshold, flapWindow, promoteAfter);
    }

    public DriftConfig withFlap(int threshold, Duration window) {
        return new DriftConfig(scanConcurrency, firstScanDelay, maxAttempts, retryBackoff, threshold, window, promoteAfter);
    }

    public DriftConfig withPromoteAfter(int k) {
        return new DriftConfig(scanConcurrency, firstScanDelay, maxAttempts, retryBackoff, flapThreshold, flapWindow, k);
    }

    public DriftConfig withScanConcurrency(int n) {
        return new DriftConfig(n, firstScanDelay, maxAttempts, retryBackoff, flapThreshold, flapWindow, promoteAfter);
    }
}
