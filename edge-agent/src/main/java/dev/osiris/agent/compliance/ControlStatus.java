package dev.osiris.agent.compliance;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Whether the evidence shows a control met; the wire name is the check-in's and {@code compliance.json}'s word. */
public enum ControlStatus {
    /** Every needed verdict exists and is compliant (not-applicable ones aside), and at least one is compliant. */
    PASSING("passing"),
    /** Some host drifted on a runbook evidencing the control. */
    FAILING("failing"),
    /** Nothing drifted, but a verdict is missing or an error, or every verdict was not-applicable. */
    UNKNOWN("unknown");

    private final String wire;

    ControlStatus(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** @throws IllegalArgumentException naming the value and the known ones */
    public static ControlStatus fromWire(String value) {
        for (ControlStatus s : values()) {
            if (s.wire.equals(value)) {
                return s;
            }
        }
        throw new IllegalArgumentException("control status \"" + value + "\" is not one of "
                + Arrays.stream(values()).map(ControlStatus::wire).collect(Collectors.joining(", ")));
    }
}
