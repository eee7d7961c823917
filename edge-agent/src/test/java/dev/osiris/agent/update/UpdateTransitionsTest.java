package dev.osiris.agent.update;

import org.junit.jupiter.api.Test;

import static dev.osiris.agent.update.UpdateState.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UpdateTransitionsTest {

    @Test
    void happyPathIsOneChainOfAllowedMoves() {
        UpdateState[] path = {IDLE, DOWNLOADING, VERIFYING, WRITING, WRITTEN, REBOOTING, TRIAL_BOOT, HEALTH_CHECK, COMMITTED};
        for (int i = 1; i < path.length; i++) {
            assertThat(UpdateTransitions.allowed(path[i - 1], path[i])).as(path[i - 1] + " -> " + path[i]).isTrue();
        }
    }

    @Test
    void armedSlotCannotFailItCanOnlyRollBack() {
        for (UpdateState armed : new UpdateState[] {REBOOTING, TRIAL_BOOT, HEALTH_CHECK}) {
            assertThat(UpdateTransitions.allowed(armed, FAILED)).as(armed.wireName()).isFalse();
            assertThat(UpdateTransitions.allowed(armed, ROLLED_BACK)).as(armed.wireName()).isTrue();
        }
    }

    @Test
    void nothingSkipsVerificationOnTheWayToTheSlot() {
        assertThat(UpdateTransitions.allowed(DOWNLOADING, WRITING)).isFalse();
        assertThat(UpdateTransitions.allowed(IDLE, WRITING)).isFalse();
        assertThatThrownBy(() -> UpdateTransitions.require(DOWNLOADING, WRITING))
                .hasMessage("update: no transition from downloading to writing");
    }

    @Test
    void finishedUpdateLetsTheNextOneStart() {
        for (UpdateState end : new UpdateState[] {COMMITTED, ROLLED_BACK, FAILED}) {
            assertThat(end.finished()).isTrue();
            assertThat(UpdateTransitions.allowed(end, DOWNLOADING)).isTrue();
        }
    }

    @Test
    void wireNamesRoundTrip() {
        for (UpdateState s : values()) {
            assertThat(UpdateState.ofWire(s.wireName())).isEqualTo(s);
        }
    }
}
