package dev.osiris.agent.relay;

import dev.osiris.protocol.checkin.CheckinResponse;

import java.time.Duration;
import java.util.Optional;

/**
 * What one check-in cycle did, for the {@link CheckinLoop} to apply to its {@link LinkState}. A cycle that ends early
 * still says what it did before (a report stored, reports delivered, records uploaded).
 *
 * @param response              the relay's last answer in this cycle, or null when none
 * @param config                the configuration to hold from now on, or null to keep the one held
 * @param configFingerprint     the canonical form of its non-secret part (recorded in evidence when it changed)
 * @param replacedChainRecorded the predecessor chain recorded in this run, or null
 * @param failure               why the cycle ended early, or null when it ran to the end
 */
public record CheckinOutcome(CheckinResponse response, CheckinResponse config, String configFingerprint,
                             String replacedChainRecorded, LinkState.Delivery delivery, LinkState.Uploads uploads,
                             Throwable failure) {

    public boolean succeeded() {
        return failure == null;
    }

    /** How long the relay asked the agent to wait before trying again ({@code Retry-After}), when it did. */
    public Optional<Duration> retryAfter() {
        return failure instanceof RelayException re ? re.retryAfter() : Optional.empty();
    }
}
