package dev.osiris.agent.relay;

import dev.osiris.protocol.checkin.CheckinResponse;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What one running check-in cycle has done so far: confined to that cycle (one at a time, on the event loop), turned
 * into a {@link CheckinOutcome} when it ends, however it ends.
 */
final class CycleProgress {

    final LinkState before;
    CheckinResponse response;
    CheckinResponse config;
    String configFingerprint;
    String replacedChainRecorded;
    int outboxDepth;
    final List<String> pendingAcks;
    final Set<String> seenOrders;
    final Set<String> heldIncidents;
    long setAsideReports;
    long uploadedThrough;
    long duplicatesReported;
    long heldFrom;
    String heldReason;

    CycleProgress(LinkState before) {
        this.before = before;
        this.configFingerprint = before.configFingerprint();
        this.replacedChainRecorded = before.replacedChainRecorded();
        LinkState.Delivery d = before.delivery();
        this.outboxDepth = d.outboxDepth();
        this.pendingAcks = new ArrayList<>(d.pendingAcks());
        this.seenOrders = new LinkedHashSet<>(d.seenOrders());
        this.heldIncidents = new LinkedHashSet<>(d.heldIncidents());
        this.setAsideReports = d.setAsideReports();
        LinkState.Uploads u = before.uploads();
        this.uploadedThrough = u.uploadedThrough();
        this.duplicatesReported = u.duplicatesReported();
        this.heldFrom = u.heldFrom();
        this.heldReason = u.heldReason();
    }

    /** The configuration in force for this cycle: the one received in it, else the one held before. */
    CheckinResponse currentConfig() {
        return config != null ? config : before.config();
    }

    /** The link as this cycle has left it so far, the attempts untouched. */
    LinkState state() {
        return before.withProgress(outcome(null));
    }

    CheckinOutcome outcome(Throwable failure) {
        return new CheckinOutcome(response, config, configFingerprint, replacedChainRecorded,
                new LinkState.Delivery(outboxDepth, pendingAcks, seenOrders, heldIncidents, setAsideReports),
                new LinkState.Uploads(uploadedThrough, duplicatesReported, heldFrom, heldReason), failure);
    }
}
