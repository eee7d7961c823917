package dev.osiris.agent.health;

import dev.osiris.agent.boot.BootSlots.Slot;
import dev.osiris.agent.health.GateDecision.Action;
import dev.osiris.agent.update.UpdateJob;
import dev.osiris.agent.update.UpdateRequest;
import dev.osiris.agent.update.UpdateState;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class GateDecisionTest {

    private static UpdateJob trial(UpdateState state, int attempts) {
        UpdateRequest r = new UpdateRequest("1.1.0", URI.create("https://releases.example/1.1.0.img"), 10,
                "0".repeat(64), "bWFuaWZlc3Q=", "c2ln");
        return new UpdateJob(state, r, Slot.A, Slot.B, attempts, "", Instant.EPOCH);
    }

    @Test
    void healthyTrialSlotIsCommitted() {
        assertThat(GateDecision.decide(trial(UpdateState.HEALTH_CHECK, 0), Slot.B, true)).isEqualTo(Action.COMMIT);
    }

    @Test
    void firstAndSecondFailedTrialsRetryTheThirdGivesUp() {
        assertThat(GateDecision.decide(trial(UpdateState.HEALTH_CHECK, 0), Slot.B, false)).isEqualTo(Action.RETRY);
        assertThat(GateDecision.decide(trial(UpdateState.HEALTH_CHECK, 1), Slot.B, false)).isEqualTo(Action.RETRY);
        assertThat(GateDecision.decide(trial(UpdateState.HEALTH_CHECK, 2), Slot.B, false)).isEqualTo(Action.GIVE_UP);
    }

    @Test
    void oldSlotBootedDuringATrialIsARollbackHealthyOrNot() {
        for (UpdateState s : new UpdateState[] {UpdateState.REBOOTING, UpdateState.TRIAL_BOOT, UpdateState.HEALTH_CHECK}) {
            assertThat(GateDecision.decide(trial(s, 3), Slot.A, true)).isEqualTo(Action.ROLLED_BACK);
            assertThat(GateDecision.decide(trial(s, 0), Slot.A, false)).isEqualTo(Action.ROLLED_BACK);
        }
    }

    @Test
    void withoutATrialTheGateOnlyPassesOrFails() {
        assertThat(GateDecision.decide(UpdateJob.NONE, Slot.A, true)).isEqualTo(Action.PASS);
        assertThat(GateDecision.decide(trial(UpdateState.COMMITTED, 0), Slot.B, false)).isEqualTo(Action.FAIL);
        assertThat(GateDecision.decide(trial(UpdateState.WRITTEN, 0), Slot.A, false)).isEqualTo(Action.FAIL);
    }
}
