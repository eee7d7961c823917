package dev.osiris.agent.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osiris.agent.relay.LinkStatus;
import dev.osiris.protocol.checkin.ClockReport;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code agent status} shows the clock's verdict, and says when evidence is being marked. */
class ClockStatusTest {

    private static AgentStatus status(ClockReport clock) {
        return new AgentStatus(LinkStatus.ONLINE, "ok", null, null, 0, null, 0, "", 0, 0, null, 0, 0, false, 0,
                Instant.parse("2026-12-02T01:00:00Z"), List.of(), null, List.of(), clock, null);
    }

    @Test
    void anUntrustedClockIsShownWithItsReasonAndTheMarking() {
        ClockReport untrusted = new ClockReport("untrusted", "no majority: 1 of 3 servers agree, 2 without a usable answer",
                null, Instant.parse("2026-12-02T00:59:58Z"), 3, 1);
        String text = AgentStatus.describe(status(untrusted).toJson());
        assertThat(text).contains("clock: UNTRUSTED (no majority: 1 of 3 servers agree, 2 without a usable answer)"
                + " checked at 2026-12-02T00:59:58Z\n  evidence recorded now is marked clock.trusted=false\n");
        assertThat(status(untrusted).toJson().path("clock").path("agreeing").asInt()).isEqualTo(1);
    }

    @Test
    void aTrustedClockIsShownWithoutMarking() {
        ClockReport trusted = new ClockReport("trusted", "3 of 3 servers agree; this clock is within 0.002 s", 2_000L,
                Instant.parse("2026-12-02T00:59:58Z"), 3, 3);
        String text = AgentStatus.describe(status(trusted).toJson());
        assertThat(text).contains("clock: TRUSTED (3 of 3 servers agree").doesNotContain("marked");
    }

    @Test
    void anUncheckedClockSaysSo() {
        assertThat(status(null).toJson().has("clock")).isFalse();
        assertThat(AgentStatus.describe(status(null).toJson())).contains("clock: not checked");
    }
}
