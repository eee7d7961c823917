package dev.osiris.agent.health;

import dev.osiris.agent.boot.BootSlots.Slot;
import dev.osiris.agent.update.UpdateJob;

/**
 * What the health gate does with this boot: a decision table in plain Java, from the saved update, the booted slot
 * and whether the checks passed. A trial slot gets {@link #MAX_TRIES} boots; the third failure marks it bad so that
 * the next boot is the old slot whatever the boot loader's own count says.
 */
public final class GateDecision {

    public static final int MAX_TRIES = 3;

    public enum Action {
        /** The trial slot is healthy: mark it good, the update is committed. */
        COMMIT,
        /** The trial slot failed its gate: count the try, reboot into another try. */
        RETRY,
        /** The trial slot failed its last try: mark it bad, reboot into the old slot. */
        GIVE_UP,
        /** Booted the old slot while a trial was pending: the boot loader fell back; the update is rolled back. */
        ROLLED_BACK,
        /** No trial pending and healthy: mark the booted slot good, start the agent. */
        PASS,
        /** No trial pending and unhealthy: record why; the agent does not start (the same slot would boot again). */
        FAIL
    }

    private GateDecision() {
    }

    public static Action decide(UpdateJob job, Slot booted, boolean healthy) {
        boolean trial = job.state().slotArmed();
        if (trial && booted == job.target()) {
            if (healthy) {
                return Action.COMMIT;
            }
            return job.attempts() + 1 >= MAX_TRIES ? Action.GIVE_UP : Action.RETRY;
        }
        if (trial) {
            return Action.ROLLED_BACK;
        }
        return healthy ? Action.PASS : Action.FAIL;
    }
}
