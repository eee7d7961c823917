package dev.osiris.relay.api;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BodyBudgetTest {

    private final BodyBudget budget = new BodyBudget(100);

    @Test
    void aBodyThatWouldPassTheCapacityIsRefusedAndReservesNothing() {
        assertThat(budget.tryReserve(60)).isTrue();
        assertThat(budget.tryReserve(41)).isFalse();
        assertThat(budget.reserved()).isEqualTo(60);
        assertThat(budget.tryReserve(40)).isTrue();
        assertThat(budget.tryReserve(1)).isFalse();
    }

    @Test
    void releasedBytesCanBeReservedAgain() {
        assertThat(budget.tryReserve(100)).isTrue();
        budget.release(100);
        assertThat(budget.reserved()).isZero();
        assertThat(budget.tryReserve(100)).isTrue();
    }
}
