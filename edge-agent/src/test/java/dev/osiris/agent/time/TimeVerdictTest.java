package dev.osiris.agent.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Falseticker rejection and the verdict: the majority and offset rules. */
class TimeVerdictTest {

    private static final Instant NOW = Instant.parse("2026-12-02T01:00:00Z");
    private static final Duration MAX = Duration.ofSeconds(1);

    private static ServerSample at(int n, double offset) {
        return ServerSample.sample(NtpServer.parse("198.18.200." + n), offset, 0.0004, 0.0001, 2);
    }

    private static ServerSample unreachable(int n) {
        return ServerSample.failed(NtpServer.parse("198.18.200." + n), ServerSample.Status.UNREACHABLE, 0, "no answer");
    }

    private static List<String> standings(TimeVerdict v) {
        return v.servers().stream().map(TimeVerdict.Server::standing).toList();
    }

    @Test
    void threeAgreeingServersTrustTheClock() {
        TimeVerdict v = TimeVerdict.decide(List.of(at(1, 0.002), at(2, -0.001), at(3, 0.004)), MAX, NOW);
        assertThat(v.trusted()).isTrue();
        assertThat(v.offset()).isEqualTo(0.002);
        assertThat(standings(v)).containsExactly("truechimer", "truechimer", "truechimer");
        assertThat(v.reason()).startsWith("3 of 3 servers agree");
    }

    @Test
    void oneFalsetickerAnHourAheadIsRejectedAndTheClockStillTrusted() {
        TimeVerdict v = TimeVerdict.decide(List.of(at(1, 0.002), at(2, 3600), at(3, 0.001)), MAX, NOW);
        assertThat(v.trusted()).isTrue();
        assertThat(standings(v)).containsExactly("truechimer", "falseticker", "truechimer");
        assertThat(v.reason()).contains("1 falseticker(s) rejected");
        assertThat(v.offset()).isEqualTo(0.0015);
    }

    @Test
    void aMajorityUnreachableLeavesTheClockUntrusted() {
        TimeVerdict v = TimeVerdict.decide(List.of(at(1, 0.002), unreachable(2), unreachable(3)), MAX, NOW);
        assertThat(v.trusted()).isFalse();
        assertThat(v.reason()).startsWith("no majority: 1 of 3 servers agree").contains("2 without a usable answer");
        assertThat(Double.isNaN(v.offset())).isTrue();
        assertThat(v.report().offsetMicros()).isNull();
    }

    @Test
    void twoAgainstTwoIsNoMajority() {
        TimeVerdict v = TimeVerdict.decide(List.of(at(1, 0), at(2, 0.001), at(3, 60), at(4, 60.001)), MAX, NOW);
        assertThat(v.trusted()).isFalse();
        assertThat(v.reason()).startsWith("no majority: 2 of 4");
    }

    @Test
    void serversAgreeingThatThisClockIsAnHourBehindLeaveItUntrusted() {
        TimeVerdict v = TimeVerdict.decide(List.of(at(1, 3600), at(2, 3600.002), at(3, 3599.999)), MAX, NOW);
        assertThat(v.trusted()).isFalse();
        assertThat(v.reason()).contains("3600.000 s behind the servers' time");
        assertThat(v.report().offsetMicros()).isEqualTo(3_600_000_000L);
    }

    @Test
    void anOffsetExactlyAtTheLimitIsStillTrusted() {
        assertThat(TimeVerdict.decide(List.of(at(1, -1), at(2, -1), at(3, -1)), MAX, NOW).trusted()).isTrue();
    }

    @Test
    void aKissOfDeathCountsAgainstTheMajority() {
        ServerSample kod = ServerSample.failed(NtpServer.parse("198.18.200.9"), ServerSample.Status.KISS_OF_DEATH, 0,
                "kiss-of-death DENY");
        TimeVerdict v = TimeVerdict.decide(List.of(at(1, 0), kod, unreachable(3)), MAX, NOW);
        assertThat(v.trusted()).isFalse();
        assertThat(standings(v)).containsExactly("truechimer", "kiss-of-death", "unreachable");
    }

    @Test
    void theRecordNamesEachServersOffsetAndStanding() {
        TimeVerdict v = TimeVerdict.decide(List.of(at(1, 0.002), at(2, 3600), unreachable(3)), MAX, NOW);
        var json = v.toJson();
        assertThat(json.path("verdict").asText()).isEqualTo("untrusted");
        assertThat(json.path("servers").get(1).path("offsetSeconds").asDouble()).isEqualTo(3600.0);
        assertThat(json.path("servers").get(1).path("standing").asText()).isEqualTo("falseticker");
        assertThat(json.path("servers").get(2).path("detail").asText()).isEqualTo("no answer");
    }
}
