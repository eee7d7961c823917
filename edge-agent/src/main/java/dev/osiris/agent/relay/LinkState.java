package dev.osiris.agent.relay;

import dev.osiris.protocol.checkin.CheckinResponse;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What the agent knows about its relay link, in memory only (the relay's configuration, with its secrets,
 * is never written to disk). Touched only on the agent's event loop.
 */
public final class LinkState {

    CheckinResponse config;
    String configFingerprint;
    Instant lastCheckinAt;
    String lastError;
    int consecutiveFailures;
    Instant nextAttemptAt;
    Boolean reachable;
    boolean lastFailureUnreachable;
    boolean noCredentialsRecorded;
    String replacedChainRecorded;
    long duplicatesReported;
    long uploadedThrough;
    int outboxDepth;
    long refusedSeq;
    String refusedError;
    /** Incidents of check-in reports the relay refused that were not handed back: they need a person. */
    final Set<String> heldIncidents = new java.util.LinkedHashSet<>();
    long setAsideReports;
    final List<String> pendingAcks = new ArrayList<>();
    final Set<String> seenOrders = new HashSet<>();

    public LinkState(long uploadedThrough, int outboxDepth) {
        this.uploadedThrough = uploadedThrough;
        this.outboxDepth = outboxDepth;
    }

    /** The configuration received at the last successful check-in, or null when none since start. */
    public CheckinResponse config() {
        return config;
    }

    public Instant lastCheckinAt() {
        return lastCheckinAt;
    }

    public String lastError() {
        return lastError;
    }

    public int consecutiveFailures() {
        return consecutiveFailures;
    }

    public Instant nextAttemptAt() {
        return nextAttemptAt;
    }

    public long duplicatesReported() {
        return duplicatesReported;
    }

    public long uploadedThrough() {
        return uploadedThrough;
    }

    public int outboxDepth() {
        return outboxDepth;
    }

    public boolean credentialsPresent() {
        return config != null;
    }

    public int targets() {
        return config == null ? 0 : config.targets().size();
    }

    /** Incident ids of refused check-in reports that need a person (see the set-aside reports in the database). */
    public List<String> heldIncidents() {
        return List.copyOf(heldIncidents);
    }

    /** Marks incidents held by set-aside reports, e.g. those found in the database at start. */
    public void hold(List<String> incidentIds) {
        heldIncidents.addAll(incidentIds);
    }

    /** The bad evidence record uploads are held from (refused by the relay or failing here), 0 when none. */
    public long refusedSeq() {
        return refusedSeq;
    }

    /** Why uploads are held and what to do, or null. */
    public String refusedError() {
        return refusedError;
    }

    /**
     * One word for the link: starting, online, offline (relay unreachable, last configuration kept),
     * degraded (the relay refuses check-ins or an evidence record) or no-credentials (no configuration since start).
     */
    public String state() {
        if (config == null) {
            return lastCheckinAt == null && consecutiveFailures == 0 ? "starting" : "no-credentials";
        }
        if (consecutiveFailures > 0) {
            return lastFailureUnreachable ? "offline" : "degraded";
        }
        return refusedSeq > 0 || !heldIncidents.isEmpty() ? "degraded" : "online";
    }

    String heldDetail() {
        return heldIncidents.size() + " incident(s) the relay refused as malformed need a person, they were not"
                + " delivered: " + String.join(", ", heldIncidents) + " (the refused reports are kept in the"
                + " outbox_set_aside table of the agent's database)";
    }

    /** The state in words for a person. */
    public String detail() {
        return switch (state()) {
            case "starting" -> "agent started; first check-in pending";
            case "no-credentials" -> "no configuration from the relay since the agent started"
                    + (lastError == null ? "" : " (" + lastError + ")")
                    + "; targets and their credentials are unknown until a check-in succeeds";
            case "offline" -> "relay unreachable for " + consecutiveFailures + " attempt(s); running on the configuration"
                    + " received at " + lastCheckinAt;
            case "degraded" -> consecutiveFailures > 0
                    ? "the relay refused the last " + consecutiveFailures + " check-in(s): " + lastError
                    : refusedSeq > 0 ? refusedError : heldDetail();
            default -> "checked in at " + lastCheckinAt;
        };
    }
}
