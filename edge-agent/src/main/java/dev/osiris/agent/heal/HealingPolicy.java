package dev.osiris.agent.heal;

import dev.osiris.protocol.checkin.HealingMode;

import java.time.Duration;

/**
 * How the appliance heals right now: the site's mode and dry-run flag (from the relay) and the agent's retry limits.
 * Flapping and promotion thresholds live with {@link FlapDetector} and {@link LearnedKnowledge}.
 *
 * @param maxAttempts  L1 remediations tried (each followed by a verification) before moving on to L2 / L3
 * @param retryBackoff wait before the second attempt; doubled for each further one
 */
public record HealingPolicy(HealingMode mode, boolean dryRun, int maxAttempts, Duration retryBackoff) {

    public HealingPolicy {
        if (maxAttempts < 1 || maxAttempts > 10) {
            throw new IllegalArgumentException("healing.maxAttempts must be 1..10, got " + maxAttempts);
        }
    }

    public HealingPolicy withSite(HealingMode siteMode, boolean siteDryRun) {
        return new HealingPolicy(siteMode, siteDryRun, maxAttempts, retryBackoff);
    }
}
