package dev.osiris.agent.update;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import static dev.osiris.agent.update.UpdateState.*;

/**
 * The update's one transition table (Mender's design): every state change of the updater and the health gate goes
 * through {@link #require}, so that a move the table does not list is a bug that stops, not a state nobody planned.
 */
public final class UpdateTransitions {

    private static final Set<UpdateState> NEW_UPDATE = EnumSet.of(DOWNLOADING, FAILED);
    private static final Map<UpdateState, Set<UpdateState>> TABLE = new EnumMap<>(UpdateState.class);

    static {
        TABLE.put(IDLE, NEW_UPDATE);
        // downloading -> downloading: a download resumed after a restart
        TABLE.put(DOWNLOADING, EnumSet.of(DOWNLOADING, VERIFYING, FAILED));
        TABLE.put(VERIFYING, EnumSet.of(WRITING, FAILED));
        // writing -> writing: a slot write cut short is written again from its start (the slot is not armed yet)
        TABLE.put(WRITING, EnumSet.of(WRITING, WRITTEN, FAILED));
        TABLE.put(WRITTEN, EnumSet.of(REBOOTING, FAILED));
        TABLE.put(REBOOTING, EnumSet.of(REBOOTING, TRIAL_BOOT, ROLLED_BACK));
        TABLE.put(TRIAL_BOOT, EnumSet.of(HEALTH_CHECK, ROLLED_BACK));
        // health-check -> trial-boot: the gate failed, the appliance reboots into another try of the same slot
        TABLE.put(HEALTH_CHECK, EnumSet.of(COMMITTED, TRIAL_BOOT, ROLLED_BACK));
        TABLE.put(COMMITTED, NEW_UPDATE);
        TABLE.put(ROLLED_BACK, NEW_UPDATE);
        TABLE.put(FAILED, NEW_UPDATE);
    }

    private UpdateTransitions() {
    }

    public static boolean allowed(UpdateState from, UpdateState to) {
        return TABLE.get(from).contains(to);
    }

    /** @throws IllegalStateException when the table has no such move */
    public static void require(UpdateState from, UpdateState to) {
        if (!allowed(from, to)) {
            throw new IllegalStateException("update: no transition from " + from.wireName() + " to " + to.wireName());
        }
    }
}
