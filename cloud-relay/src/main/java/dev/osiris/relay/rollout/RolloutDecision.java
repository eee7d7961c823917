package dev.osiris.relay.rollout;

/** What a running rollout does next: one step at a time, each a transition the database also checks. */
public sealed interface RolloutDecision {

    /** Nothing to do until appliances report (or time passes). */
    record Wait() implements RolloutDecision {
    }

    /** The group starts: its appliances may be ordered. */
    record StartGroup(int position) implements RolloutDecision {
    }

    /** The group met its success threshold and soaks before the next starts. */
    record Soak(int position) implements RolloutDecision {
    }

    /** The group is done; the next may start. */
    record FinishGroup(int position) implements RolloutDecision {
    }

    /** The error threshold is crossed: the whole rollout pauses, saying why. */
    record Pause(int position, String reason) implements RolloutDecision {
    }

    /** Every group is done. */
    record Finish() implements RolloutDecision {
    }

    RolloutDecision WAIT = new Wait();
}
