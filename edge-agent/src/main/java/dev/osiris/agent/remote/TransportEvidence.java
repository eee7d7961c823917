package dev.osiris.agent.remote;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.agent.evidence.EvidenceStore;
import dev.osiris.protocol.checkin.Target;
import dev.osiris.protocol.checkin.TargetTransport;
import dev.osiris.protocol.evidence.EvidenceKind;
import dev.osiris.protocol.evidence.EvidenceSealer;
import dev.osiris.protocol.json.Json;
import io.vertx.core.Future;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Signed evidence of the cleartext targets in a configuration, once per credential and change (across restarts):
 * who accepted the risk of sending a credential's password in clear text and when ({@code accepted}), or that the
 * agent refuses to use a credential whose risk nobody accepted ({@code refused}).
 */
public final class TransportEvidence {

    static final String CHECK_ID = "remote.cleartext-risk";
    /** The version of a refusal; an acceptance's version is its time, never 1. */
    private static final long REFUSED = 1;

    private final EvidenceStore store;
    private final Clock clock;

    public TransportEvidence(EvidenceStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Records what is new about the targets' cleartext risks; fails with the storage error. */
    public Future<Void> record(List<Target> targets) {
        List<Future<?>> records = new ArrayList<>();
        for (Target target : targets) {
            TargetTransport t = TargetTransport.of(target);
            switch (t.use()) {
                case ACCEPTED_RISK -> records.add(once(t, "accepted", t.risk().acceptedAt().toEpochMilli(),
                        Json.object().put("acceptedBy", t.risk().acceptedBy())
                                .put("acceptedAt", t.risk().acceptedAt().toString())
                                .put("note", "the password crosses the network in clear text at every connection;"
                                        + " counted as a failing transmission-security control")));
                case REFUSED -> records.add(once(t, "refused", REFUSED, Json.object()
                        .put("note", "basic over plain http and nobody accepted the risk: the agent does not use it")));
                default -> {
                }
            }
        }
        return Future.all(records).mapEmpty();
    }

    private Future<?> once(TargetTransport t, String outcome, long version, ObjectNode details) {
        details.put("credentialId", t.id()).put("port", t.port()).put("security", t.security().wire());
        return store.appendOnce("cleartextRisk:" + t.id(), version,
                new EvidenceSealer.Entry(clock.instant(), t.host(), CHECK_ID, EvidenceKind.REMOTE, outcome, details));
    }
}
