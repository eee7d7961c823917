package dev.osiris.agent.relay;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTest {

    private final Backoff highest = new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(300), () -> 0.999999);
    private final Backoff lowest = new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(300), () -> 0.0);

    @Test
    void growsExponentiallyFromTheMinimum() {
        assertThat(highest.afterFailures(1)).isEqualTo(Duration.ofSeconds(2));
        assertThat(highest.afterFailures(2)).isEqualTo(Duration.ofSeconds(4));
        assertThat(highest.afterFailures(5)).isEqualTo(Duration.ofSeconds(32));
    }

    @Test
    void capsAtTheMaximumEvenAfterManyFailures() {
        assertThat(highest.afterFailures(9)).isEqualTo(Duration.ofSeconds(300));
        assertThat(highest.afterFailures(1000)).isEqualTo(Duration.ofSeconds(300));
        assertThat(lowest.afterFailures(1000)).isEqualTo(Duration.ofSeconds(150));
    }

    @Test
    void jitterStaysWithinItsFraction() {
        assertThat(lowest.jittered(Duration.ofSeconds(60), 0.1)).isEqualTo(Duration.ofSeconds(54));
        assertThat(highest.jittered(Duration.ofSeconds(60), 0.1)).isBetween(Duration.ofSeconds(65), Duration.ofSeconds(66));
    }

    @Test
    void aRetryAfterLongerThanTheOwnBackoffIsWaitedOutWithJitterOnTop() {
        // own backoff after 1 failure is 1-2 s; the relay asked for 120 s: at least 120 s, at most a tenth more
        assertThat(lowest.afterRefusal(1, Duration.ofSeconds(120))).isEqualTo(Duration.ofSeconds(120));
        assertThat(highest.afterRefusal(1, Duration.ofSeconds(120))).isBetween(Duration.ofMillis(131_900),
                Duration.ofSeconds(132));
    }

    @Test
    void aRetryAfterShorterThanTheOwnBackoffLeavesTheOwnBackoff() {
        assertThat(highest.afterRefusal(9, Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(300));
        assertThat(highest.afterRefusal(3, null)).isEqualTo(highest.afterFailures(3));
    }

    @Test
    void aShortRetryAfterIsSpreadByAtLeastTheMinimumDelay() {
        // 0 s asked, minimum 2 s: appliances told "now" come back over the next 2 s, not in one instant
        assertThat(highest.afterRefusal(1, Duration.ZERO)).isBetween(Duration.ofMillis(1_990), Duration.ofSeconds(2));
    }
}
