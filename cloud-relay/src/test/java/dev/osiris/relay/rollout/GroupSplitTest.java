package dev.osiris.relay.rollout;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GroupSplitTest {

    private static List<GroupSize> sizes(String... s) {
        return java.util.Arrays.stream(s).map(GroupSize::parse).toList();
    }

    @Test
    void oneThenPercentagesThenTheRestCoverEveryTarget() {
        assertThat(GroupSplit.sizes(200, sizes("1", "5%", "25%", "rest"))).containsExactly(1, 10, 50, 139);
    }

    @Test
    void percentagesRoundUp() {
        assertThat(GroupSplit.sizes(7, sizes("10%", "rest"))).containsExactly(1, 6);
    }

    @Test
    void groupsThatLeaveTargetsOutAreRefused() {
        assertThatThrownBy(() -> GroupSplit.sizes(12, sizes("2", "50%")))
                .hasMessage("the groups cover 8 of 12 targets; end with a group of the rest");
    }

    @Test
    void aCountLargerThanWhatIsLeftIsRefused() {
        assertThatThrownBy(() -> GroupSplit.sizes(3, sizes("2", "2")))
                .hasMessage("group 2 (2) needs 2 appliances but only 1 of 3 targets are left");
    }

    @Test
    void restBeforeTheLastGroupIsRefused() {
        assertThatThrownBy(() -> GroupSplit.sizes(3, sizes("rest", "1")))
                .hasMessage("group 1: rest must be the last group");
    }

    @Test
    void anEarlierGroupTakingEverythingLeavesLaterOnesEmpty() {
        assertThat(GroupSplit.sizes(2, sizes("100%", "rest"))).containsExactly(2, 0);
    }

    @Test
    void sizesOutOfRangeAreRefused() {
        assertThatThrownBy(() -> GroupSize.parse("0%")).hasMessageContaining("between 1 and 100");
        assertThatThrownBy(() -> GroupSize.parse("101%")).hasMessageContaining("between 1 and 100");
        assertThatThrownBy(() -> GroupSize.parse("half")).hasMessageContaining("a count, a percentage");
    }

    @Test
    void thresholdsOutOfRangeAreRefused() {
        assertThatThrownBy(() -> new GroupPolicy(0, 10, java.time.Duration.ZERO))
                .hasMessage("success threshold must be between 1 and 100 %, got 0");
        assertThatThrownBy(() -> new GroupPolicy(50, 101, java.time.Duration.ZERO))
                .hasMessage("error threshold must be between 1 and 100 %, got 101");
    }
}
