package dev.osiris.agent.compliance;

/** Whether the evidence shows a control met. */
public enum ControlStatus {
    /** Every needed verdict exists and is compliant (not-applicable ones aside), and at least one is compliant. */
    PASSING,
    /** Some host drifted on a runbook evidencing the control. */
    FAILING,
    /** Nothing drifted, but a verdict is missing or an error, or every verdict was not-applicable. */
    UNKNOWN
}
