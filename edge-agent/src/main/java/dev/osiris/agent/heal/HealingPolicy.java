package dev.osiris.agent.heal;

import dev.osiris.protocol.checkin.HealingMode;

import java.time.Duration;

/**
 * How the appliance heals: the site's mode and dry-run flag (from the relay) and the agent's own limits.
 *
 * @param maxAttempts    L1 remediations tried (each followed by a verification) before moving on to L2 / L3
 * @param retryBackoff   wait before the second attempt; doubled for each further one
 * @param flapThreshold  this many verified heals of one check on one host within {@code flapWindow} is flapping
 * @param promoteAfter   K: verified resolutions of one pattern, with no failure, that promote it to an L1 rule
 */
public record HealingPolicy(HealingMode mode, boolean dryRun, int maxAttempts, Duration retryBackoff, int flapThreshold,
                            Duration flapWindow, int promoteAfter) {

    public static final HealingPolicy DEFAULTS = new HealingPolicy(HealingMode.STANDARD, false, 2, Duration.ofSeconds(2),
            3, Duration.ofHours(1), 3);

    public HealingPolicy {
        if (maxAttempts < 1 || maxAttempts > 10) {
            throw new IllegalArgumentException("healing.maxAttempts must be 1..10, got " + maxAttempts);
        }
        if (flapThreshold < 2) {
            throw new IllegalArgumentException("healing.flapThreshold must be at least 2, got " + flapThreshold);
        }
        if (promoteAfter < 1) {
            throw new IllegalArgumentException("healing.promoteAfter must be at least 1, got " + promoteAfter);
        }
    }

    public HealingPolicy withSite(HealingMode siteMode, boolean siteDryRun) {
        return new HealingPolicy(siteMode, siteDryRun, maxAttempts, retryBackoff, flapThreshold, flapWindow, promoteAfter);
    }
}
