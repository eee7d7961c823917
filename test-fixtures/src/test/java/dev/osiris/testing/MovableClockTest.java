package dev.osiris.testing;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class MovableClockTest {

    private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");

    @Test
    void aStandingClockMovesOnlyWhenAdvancedAndResets() {
        MovableClock clock = MovableClock.at(T0);
        assertThat(clock.instant()).isEqualTo(T0);
        clock.advance(Duration.ofMinutes(5));
        clock.advance(Duration.ofSeconds(-30));
        assertThat(clock.instant()).isEqualTo(T0.plusSeconds(270));
        clock.reset();
        assertThat(clock.instant()).isEqualTo(T0);
    }

    @Test
    void aSystemClockRunsAheadByWhatItWasMoved() {
        MovableClock clock = MovableClock.system();
        clock.advance(Duration.ofDays(8));
        Instant before = Instant.now().plus(Duration.ofDays(8));
        Instant read = clock.instant();
        assertThat(read).isBetween(before, Instant.now().plus(Duration.ofDays(8)));
    }
}
