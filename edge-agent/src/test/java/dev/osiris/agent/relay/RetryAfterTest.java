package dev.osiris.agent.relay;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class RetryAfterTest {

    private static final Instant NOW = Instant.parse("2026-12-02T01:00:00Z");

    @Test
    void readsDelaySeconds() {
        assertThat(RetryAfter.parse("120", NOW)).contains(Duration.ofSeconds(120));
        assertThat(RetryAfter.parse(" 0 ", NOW)).contains(Duration.ZERO);
    }

    @Test
    void readsAnHttpDateFromTheClock() {
        assertThat(RetryAfter.parse("Wed, 02 Dec 2026 01:02:30 GMT", NOW)).contains(Duration.ofSeconds(150));
        assertThat(RetryAfter.parse("Wed, 02 Dec 2026 00:59:00 GMT", NOW)).as("a date past is no wait")
                .contains(Duration.ZERO);
    }

    @Test
    void capsAWaitBeyondTheMaximum() {
        assertThat(RetryAfter.parse("86400", NOW)).contains(RetryAfter.MAX);
        assertThat(RetryAfter.parse("99999999999999999999999", NOW)).contains(RetryAfter.MAX);
        assertThat(RetryAfter.parse("Fri, 01 Jan 2027 00:00:00 GMT", NOW)).contains(RetryAfter.MAX);
    }

    @Test
    void ignoresWhatIsInNeitherForm() {
        assertThat(RetryAfter.parse(null, NOW)).isEmpty();
        assertThat(RetryAfter.parse("", NOW)).isEmpty();
        assertThat(RetryAfter.parse("-5", NOW)).isEmpty();
        assertThat(RetryAfter.parse("soon", NOW)).isEmpty();
        assertThat(RetryAfter.parse("1.5", NOW)).isEmpty();
    }
}
