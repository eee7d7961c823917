package dev.osiris.agent.evidence;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.protocol.evidence.EvidenceKind;
import dev.osiris.protocol.evidence.EvidenceSealer;

import java.time.Clock;

/** Builds entries about the appliance itself (host {@code appliance}), stamped with the clock's time. */
public final class Entries {

    public static final String APPLIANCE = "appliance";

    private final Clock clock;

    public Entries(Clock clock) {
        this.clock = clock;
    }

    public EvidenceSealer.Entry appliance(EvidenceKind kind, String checkId, String outcome, ObjectNode details) {
        return new EvidenceSealer.Entry(clock.instant(), APPLIANCE, checkId, kind, outcome, details);
    }
}
