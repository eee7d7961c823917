package dev.osiris.agent.compliance;

import dev.osiris.protocol.runbook.Framework;

import java.util.List;

/** The controls of one framework that enabled runbooks evidence, in natural order, with their counts. */
public record FrameworkResult(Framework framework, int passing, int failing, int unknown,
                              List<ControlResult> controls) {

    public FrameworkResult {
        controls = List.copyOf(controls);
    }

    static FrameworkResult of(Framework framework, List<ControlResult> controls) {
        int passing = 0;
        int failing = 0;
        int unknown = 0;
        for (ControlResult c : controls) {
            switch (c.status()) {
                case PASSING -> passing++;
                case FAILING -> failing++;
                case UNKNOWN -> unknown++;
            }
        }
        return new FrameworkResult(framework, passing, failing, unknown, controls);
    }

    public int total() {
        return passing + failing + unknown;
    }

    /** passing / (passing + failing + unknown) in percent; 0 when no control is scored ({@link #total()} is 0). */
    public double percent() {
        return total() == 0 ? 0 : passing * 100.0 / total();
    }
}
