package dev.osiris.relay.rollout;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class RolloutDeciderTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    /** 80% must commit, 10% failing pauses, no soak. */
    private static final GroupPolicy POLICY = new GroupPolicy(80, 10, Duration.ZERO);

    private static GroupProgress running(int position, int total, int committed, int failed) {
        return new GroupProgress(position, POLICY, GroupStatus.RUNNING, total, committed, failed, Optional.empty());
    }

    private static GroupProgress done(int position) {
        return new GroupProgress(position, POLICY, GroupStatus.DONE, 10, 10, 0, Optional.empty());
    }

    private static GroupProgress scheduled(int position, int total) {
        return new GroupProgress(position, POLICY, GroupStatus.SCHEDULED, total, 0, 0, Optional.empty());
    }

    @Test
    void exactlyAtSuccessThresholdFinishesTheGroup() {
        assertThat(RolloutDecider.decide(List.of(running(1, 10, 8, 0), scheduled(2, 10)), NOW))
                .isEqualTo(new RolloutDecision.FinishGroup(1));
    }

    @Test
    void oneBelowSuccessThresholdWaits() {
        assertThat(RolloutDecider.decide(List.of(running(1, 10, 7, 0), scheduled(2, 10)), NOW))
                .isEqualTo(RolloutDecision.WAIT);
    }

    @Test
    void oneAboveSuccessThresholdFinishesTheGroup() {
        assertThat(RolloutDecider.decide(List.of(running(1, 10, 9, 0)), NOW))
                .isEqualTo(new RolloutDecision.FinishGroup(1));
    }

    @Test
    void exactlyAtErrorThresholdPausesTheRollout() {
        RolloutDecision d = RolloutDecider.decide(List.of(done(1), running(2, 10, 5, 1), scheduled(3, 10)), NOW);
        assertThat(d).isInstanceOf(RolloutDecision.Pause.class);
        assertThat(((RolloutDecision.Pause) d).position()).isEqualTo(2);
        assertThat(((RolloutDecision.Pause) d).reason())
                .isEqualTo("group 2: 1 of 10 appliances failed, rolled back or did not report (10%), at or above"
                        + " the error threshold of 10%");
    }

    @Test
    void oneBelowErrorThresholdDoesNotPause() {
        // 1 of 11 is 9.09%: below 10%
        assertThat(RolloutDecider.decide(List.of(running(1, 11, 5, 1)), NOW)).isEqualTo(RolloutDecision.WAIT);
    }

    @Test
    void oneAboveErrorThresholdPauses() {
        assertThat(RolloutDecider.decide(List.of(running(1, 10, 0, 2)), NOW))
                .isInstanceOf(RolloutDecision.Pause.class);
    }

    @Test
    void errorsWinOverSuccessInTheSameGroup() {
        // 80% committed meets success, but 20% failed is past the error threshold
        assertThat(RolloutDecider.decide(List.of(running(1, 10, 8, 2)), NOW))
                .isInstanceOf(RolloutDecision.Pause.class);
    }

    @Test
    void anEmptyGroupSucceedsAndNeverPauses() {
        assertThat(RolloutDecider.decide(List.of(done(1), running(2, 0, 0, 0), scheduled(3, 4)), NOW))
                .isEqualTo(new RolloutDecision.FinishGroup(2));
    }

    @Test
    void aGroupThatShrinksWhenAnApplianceIsRemovedReachesItsThreshold() {
        // 10 targets, 7 committed, 1 failed: 70% is below the success threshold, 10% below this error threshold
        GroupPolicy lenient = new GroupPolicy(80, 50, Duration.ZERO);
        GroupProgress before = new GroupProgress(1, lenient, GroupStatus.RUNNING, 10, 7, 1, Optional.empty());
        assertThat(RolloutDecider.decide(List.of(before), NOW)).isEqualTo(RolloutDecision.WAIT);
        // the failing appliance is skipped (out of the group): 7 of 9 is 77%, still below; one more removed: 7 of 8
        GroupProgress shrunk = new GroupProgress(1, lenient, GroupStatus.RUNNING, 9, 7, 0, Optional.empty());
        assertThat(RolloutDecider.decide(List.of(shrunk), NOW)).isEqualTo(RolloutDecision.WAIT);
        GroupProgress shrunkAgain = new GroupProgress(1, lenient, GroupStatus.RUNNING, 8, 7, 0, Optional.empty());
        assertThat(RolloutDecider.decide(List.of(shrunkAgain), NOW)).isEqualTo(new RolloutDecision.FinishGroup(1));
    }

    @Test
    void aScheduledGroupStartsOnceItsPredecessorIsDone() {
        assertThat(RolloutDecider.decide(List.of(done(1), scheduled(2, 5)), NOW))
                .isEqualTo(new RolloutDecision.StartGroup(2));
    }

    @Test
    void theFirstGroupStartsFirst() {
        assertThat(RolloutDecider.decide(List.of(scheduled(1, 1), scheduled(2, 5)), NOW))
                .isEqualTo(new RolloutDecision.StartGroup(1));
    }

    @Test
    void allGroupsDoneFinishesTheRollout() {
        assertThat(RolloutDecider.decide(List.of(done(1), done(2)), NOW)).isEqualTo(new RolloutDecision.Finish());
    }

    @Test
    void aSuccessfulGroupWithSoakTimeSoaksThenFinishesWhenTheSoakHasPassed() {
        GroupPolicy soaking = new GroupPolicy(80, 10, Duration.ofMinutes(30));
        GroupProgress met = new GroupProgress(1, soaking, GroupStatus.RUNNING, 10, 10, 0, Optional.empty());
        assertThat(RolloutDecider.decide(List.of(met), NOW)).isEqualTo(new RolloutDecision.Soak(1));
        Instant since = NOW.minus(Duration.ofMinutes(30));
        GroupProgress justSoaked = new GroupProgress(1, soaking, GroupStatus.SOAKING, 10, 10, 0, Optional.of(since));
        assertThat(RolloutDecider.decide(List.of(justSoaked), NOW)).isEqualTo(new RolloutDecision.FinishGroup(1));
        GroupProgress stillSoaking = new GroupProgress(1, soaking, GroupStatus.SOAKING, 10, 10, 0,
                Optional.of(since.plusSeconds(1)));
        assertThat(RolloutDecider.decide(List.of(stillSoaking), NOW)).isEqualTo(RolloutDecision.WAIT);
    }

    @Test
    void aFailureWhileSoakingStillPauses() {
        GroupPolicy soaking = new GroupPolicy(80, 10, Duration.ofMinutes(30));
        GroupProgress failedLate = new GroupProgress(1, soaking, GroupStatus.SOAKING, 10, 8, 2, Optional.of(NOW));
        assertThat(RolloutDecider.decide(List.of(failedLate), NOW)).isInstanceOf(RolloutDecision.Pause.class);
    }
}
