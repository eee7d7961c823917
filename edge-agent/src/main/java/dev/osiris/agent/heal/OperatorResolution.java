package dev.osiris.agent.heal;

import dev.osiris.protocol.checkin.Resolution;

import java.time.Instant;
import java.util.Objects;

/**
 * How an operator resolved one of this agent's incidents, as the resolution applier carries it out; made from the
 * wire's {@link Resolution} when a check-in answer arrives ({@link #of}) and back only at the store and in evidence.
 *
 * @param runbookId the catalog runbook to apply for {@link Action#RUNBOOK}, null for {@link Action#MANUAL}
 */
public record OperatorResolution(String incidentId, Action action, String runbookId, String note, String resolvedBy,
                                 Instant resolvedAt) {

    public enum Action {
        /** Run that catalog runbook's remediation, then verify the drifted check. */
        RUNBOOK(Resolution.RUNBOOK),
        /** The operator fixed it by hand: only verify. */
        MANUAL(Resolution.MANUAL);

        private final String wire;

        Action(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        /** @throws IllegalArgumentException for a name that is not an action */
        public static Action fromWire(String value) {
            return WireNames.parse(values(), Action::wire, "resolution action", value);
        }
    }

    public OperatorResolution {
        Objects.requireNonNull(incidentId, "incidentId");
        Objects.requireNonNull(action, "action");
        if ((action == Action.RUNBOOK) != (runbookId != null)) {
            throw new IllegalArgumentException("resolution of " + incidentId + ": a runbook is named exactly when the"
                    + " action is runbook");
        }
    }

    /** @throws IllegalArgumentException for an action this agent does not know */
    public static OperatorResolution of(Resolution wire) {
        return new OperatorResolution(wire.incidentId(), Action.fromWire(wire.action()), wire.runbookId(), wire.note(),
                wire.resolvedBy(), wire.resolvedAt());
    }

    public Resolution toWire() {
        return new Resolution(incidentId, action.wire(), runbookId, note, resolvedBy, resolvedAt);
    }
}
