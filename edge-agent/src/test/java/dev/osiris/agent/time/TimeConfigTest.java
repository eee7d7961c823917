package dev.osiris.agent.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The time section's values, refused with their path. */
class TimeConfigTest {

    private static final List<NtpServer> THREE = List.of(NtpServer.parse("198.18.200.2"), NtpServer.parse("198.18.200.6:1123"),
            NtpServer.parse("[fd00::1]:123"));

    @Test
    void serverNamesTakeAnOptionalPort() {
        assertThat(THREE.get(0)).isEqualTo(new NtpServer("198.18.200.2", 123));
        assertThat(THREE.get(1).port()).isEqualTo(1123);
        assertThat(THREE.get(2).host()).isEqualTo("fd00::1");
        assertThat(THREE.get(2)).hasToString("[fd00::1]:123");
    }

    @Test
    void badServerNamesAreRefused() {
        assertThatThrownBy(() -> NtpServer.parse("pool.ntp.org:70000")).hasMessageContaining("between 1 and 65535");
        assertThatThrownBy(() -> NtpServer.parse("pool.ntp.org:x")).hasMessageContaining("not a number");
        assertThatThrownBy(() -> NtpServer.parse("")).hasMessageContaining("host name or address");
        assertThatThrownBy(() -> NtpServer.parse("[fd00::1")).hasMessageContaining("closing ]");
    }

    @Test
    void fewerThanThreeServersCannotOutvoteAFalseticker() {
        assertThatThrownBy(() -> new TimeConfig(THREE.subList(0, 2), Duration.ofMinutes(15), Duration.ofSeconds(2),
                Duration.ofSeconds(1))).hasMessage("time.servers: needs at least 3 servers, so that a falseticker is"
                + " outvoted; got 2");
    }

    @Test
    void aServerListedTwiceIsRefused() {
        assertThatThrownBy(() -> new TimeConfig(List.of(THREE.get(0), THREE.get(1), NtpServer.parse("198.18.200.2:123")),
                Duration.ofMinutes(15), Duration.ofSeconds(2), Duration.ofSeconds(1))).hasMessageContaining("listed twice");
    }

    @Test
    void timeoutsAndIntervalsAreBounded() {
        assertThatThrownBy(() -> new TimeConfig(THREE, Duration.ofSeconds(5), Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessageStartingWith("time.interval:");
        assertThatThrownBy(() -> new TimeConfig(THREE, Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ofSeconds(1)))
                .hasMessageStartingWith("time.timeout:");
        assertThatThrownBy(() -> new TimeConfig(THREE, Duration.ofMinutes(1), Duration.ofSeconds(1), Duration.ZERO))
                .hasMessageStartingWith("time.maxOffset:");
    }
}
