package dev.osiris.agent.relay;

import dev.osiris.protocol.checkin.CheckinResponse;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the agent knows about its relay link, in memory only (the relay's configuration, with its secrets, is never
 * written to disk). Immutable: the {@link CheckinLoop} owns the current one and replaces it on its event loop with
 * each {@link CheckinOutcome}; anyone else reads a snapshot, from any thread. Plain Java.
 *
 * @param config                the configuration received at the last successful check-in, or null when none since start
 * @param configFingerprint     canonical form of its non-secret part, last recorded in evidence
 * @param replacedChainRecorded the appliance whose chain this one succeeds, once recorded in this run
 * @param noCredentialsRecorded whether {@code agent.no-credentials} was recorded since the last configuration
 */
public record LinkState(CheckinResponse config, String configFingerprint, String replacedChainRecorded,
                        boolean noCredentialsRecorded, Attempts attempts, Delivery delivery, Uploads uploads) {

    /**
     * How check-in attempts went.
     *
     * @param reachable  whether the relay answered the last attempt; null before the first
     * @param retryAfter how long the relay asked the agent to wait after its last refusal, or null
     */
    public record Attempts(Instant lastCheckinAt, String lastError, int consecutiveFailures, Boolean reachable,
                           boolean lastFailureUnreachable, Instant nextAttemptAt, Duration retryAfter) {

        static final Attempts NONE = new Attempts(null, null, 0, null, false, null, null);
    }

    /**
     * Check-in reports and what they carry.
     *
     * @param outboxDepth     reports waiting to be delivered
     * @param pendingAcks     order ids to acknowledge in the next report
     * @param seenOrders      order ids accepted by this run (each order is carried out once)
     * @param heldIncidents   incidents of reports the relay refused that were not handed back: they need a person
     * @param setAsideReports reports set aside by this run
     */
    public record Delivery(int outboxDepth, List<String> pendingAcks, Set<String> seenOrders, Set<String> heldIncidents,
                           long setAsideReports) {

        public Delivery {
            pendingAcks = List.copyOf(pendingAcks);
            seenOrders = Collections.unmodifiableSet(new LinkedHashSet<>(seenOrders));
            heldIncidents = Collections.unmodifiableSet(new LinkedHashSet<>(heldIncidents));
        }
    }

    /**
     * Evidence uploads.
     *
     * @param uploadedThrough    last record the relay acknowledged
     * @param duplicatesReported records the relay said it had already, summed
     * @param heldFrom           the bad record uploads are held from (refused by the relay or failing here), 0 when none
     * @param heldReason         why uploads are held and what to do, or null
     */
    public record Uploads(long uploadedThrough, long duplicatesReported, long heldFrom, String heldReason) {
    }

    /** At start: the watermark and outbox as the database has them, incidents held by reports set aside before. */
    public static LinkState initial(long uploadedThrough, int outboxDepth, List<String> heldIncidents) {
        return new LinkState(null, null, null, false, Attempts.NONE,
                new Delivery(outboxDepth, List.of(), Set.of(), new LinkedHashSet<>(heldIncidents), 0),
                new Uploads(uploadedThrough, 0, 0, null));
    }

    /**
     * After a cycle: what it delivered, received and uploaded, and how the attempt went (a success clears the
     * failures; a failure counts, and an unreachable relay is marked unreachable).
     */
    LinkState after(CheckinOutcome o, Instant at) {
        LinkState next = withProgress(o);
        Attempts a = attempts;
        Attempts tried;
        if (o.succeeded()) {
            tried = new Attempts(at, next.uploads.heldReason(), 0, true, false, a.nextAttemptAt(), null);
        } else {
            boolean unreachable = o.failure() instanceof RelayException re && re.unreachable();
            String error = o.failure().getMessage() == null ? o.failure().toString() : o.failure().getMessage();
            tried = new Attempts(a.lastCheckinAt(), error, a.consecutiveFailures() + 1,
                    unreachable ? Boolean.FALSE : a.reachable(), unreachable, a.nextAttemptAt(),
                    o.retryAfter().orElse(null));
        }
        return new LinkState(next.config, next.configFingerprint, next.replacedChainRecorded, next.noCredentialsRecorded,
                tried, next.delivery, next.uploads);
    }

    /** What a cycle did so far applied, the attempts untouched: the state a report made mid-cycle describes. */
    LinkState withProgress(CheckinOutcome o) {
        boolean configured = o.config() != null;
        return new LinkState(configured ? o.config() : config, configured ? o.configFingerprint() : configFingerprint,
                o.replacedChainRecorded(), !configured && noCredentialsRecorded, attempts, o.delivery(), o.uploads());
    }

    LinkState nextAttemptAt(Instant at) {
        Attempts a = attempts;
        return new LinkState(config, configFingerprint, replacedChainRecorded, noCredentialsRecorded,
                new Attempts(a.lastCheckinAt(), a.lastError(), a.consecutiveFailures(), a.reachable(),
                        a.lastFailureUnreachable(), at, a.retryAfter()), delivery, uploads);
    }

    LinkState withNoCredentialsRecorded() {
        return new LinkState(config, configFingerprint, replacedChainRecorded, true, attempts, delivery, uploads);
    }

    public boolean credentialsPresent() {
        return config != null;
    }

    public int targets() {
        return config == null ? 0 : config.targets().size();
    }

    /**
     * One word for the link: starting, online, offline (relay unreachable, last configuration kept), degraded (the
     * relay refuses check-ins, an evidence record or incidents are held) or no-credentials (no configuration since
     * start).
     */
    public LinkStatus status() {
        if (config == null) {
            return attempts.lastCheckinAt() == null && attempts.consecutiveFailures() == 0 ? LinkStatus.STARTING
                    : LinkStatus.NO_CREDENTIALS;
        }
        if (attempts.consecutiveFailures() > 0) {
            return attempts.lastFailureUnreachable() ? LinkStatus.OFFLINE : LinkStatus.DEGRADED;
        }
        return uploads.heldFrom() > 0 || !delivery.heldIncidents().isEmpty() ? LinkStatus.DEGRADED : LinkStatus.ONLINE;
    }

    /** The state in words for a person. */
    public String detail() {
        String waiting = attempts.retryAfter() == null || attempts.consecutiveFailures() == 0 ? ""
                : "; the relay asked to retry after " + attempts.retryAfter().toSeconds() + " s, next attempt at "
                + attempts.nextAttemptAt();
        return switch (status()) {
            case STARTING -> "agent started; first check-in pending";
            case NO_CREDENTIALS -> "no configuration from the relay since the agent started"
                    + (attempts.lastError() == null ? "" : " (" + attempts.lastError() + ")")
                    + "; targets and their credentials are unknown until a check-in succeeds" + waiting;
            case OFFLINE -> (attempts.retryAfter() == null ? "relay unreachable" : "relay busy") + " for "
                    + attempts.consecutiveFailures() + " attempt(s); running on the configuration received at "
                    + attempts.lastCheckinAt() + waiting;
            case DEGRADED -> attempts.consecutiveFailures() > 0
                    ? "the relay refused the last " + attempts.consecutiveFailures() + " check-in(s): "
                    + attempts.lastError() + waiting
                    : uploads.heldFrom() > 0 ? uploads.heldReason() : heldDetail();
            case ONLINE, STOPPED -> "checked in at " + attempts.lastCheckinAt();
        };
    }

    /** The status a check-in report gives: no-credentials, degraded (something held) or online. */
    LinkStatus reportStatus() {
        if (config == null) {
            return LinkStatus.NO_CREDENTIALS;
        }
        return uploads.heldFrom() > 0 || !delivery.heldIncidents().isEmpty() ? LinkStatus.DEGRADED : LinkStatus.ONLINE;
    }

    /** The report's status in words, empty when online. */
    String reportDetail() {
        return switch (reportStatus()) {
            case NO_CREDENTIALS -> "no configuration from the relay since the agent started";
            case DEGRADED -> uploads.heldFrom() > 0 ? uploads.heldReason() : heldDetail();
            default -> "";
        };
    }

    private String heldDetail() {
        Set<String> held = delivery.heldIncidents();
        return held.size() + " incident(s) the relay refused as malformed need a person, they were not"
                + " delivered: " + String.join(", ", held) + " (the refused reports are kept in the"
                + " outbox_set_aside table of the agent's database)";
    }
}
