package dev.osiris.agent.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Decoding a server's answer: a good sample's offset, and every bad answer refused without trusting it. */
class NtpAnswerTest {

    private static final NtpServer SERVER = NtpServer.parse("198.18.200.2");
    private static final Instant SENT = Instant.parse("2026-12-02T01:00:00Z");
    private static final Instant RECEIVED = SENT.plusMillis(10);
    private static final long ORIGIN = NtpTimestamp.of(SENT) ^ 0x1234;

    private static ServerSample decode(byte[] data) {
        return NtpClient.answer(SERVER, data, SENT, ORIGIN, RECEIVED);
    }

    @Test
    void aGoodAnswerGivesTheServersOffsetAndRoundTrip() {
        // the server stamps 5 ms after the request left (half the round trip) plus its 2.5 s lead
        ServerSample s = decode(NtpAnswers.answer(ORIGIN, SENT.plusMillis(5), 2.5));
        assertThat(s.status()).isEqualTo(ServerSample.Status.SAMPLE);
        assertThat(s.offset()).isCloseTo(2.5, offset(0.001));
        assertThat(s.delay()).isCloseTo(0.010, offset(0.001));
        assertThat(s.stratum()).isEqualTo(2);
        assertThat(s.rootDistance()).isCloseTo(0.0039 / 2 + 0.00195, offset(0.0005));
    }

    @Test
    void aTimestampRoundTripsThroughTheNtpFormatToTheMicrosecond() {
        Instant t = Instant.parse("2026-12-02T01:02:03.456789Z");
        assertThat(NtpTimestamp.seconds(t, NtpTimestamp.toInstant(NtpTimestamp.of(t)))).isCloseTo(0, offset(1e-6));
    }

    @Test
    void anAnswerShorterThanTheHeaderIsMalformed() {
        ServerSample s = decode(Arrays.copyOf(NtpAnswers.answer(ORIGIN, SENT, 0), 47));
        assertThat(s.status()).isEqualTo(ServerSample.Status.MALFORMED);
        assertThat(s.detail()).contains("47 bytes");
    }

    @Test
    void aClientModePacketIsNotAServersAnswer() {
        ServerSample s = decode(NtpAnswers.packet(0, 4, 3, 2, 0, ORIGIN, SENT, SENT));
        assertThat(s.status()).isEqualTo(ServerSample.Status.MALFORMED);
        assertThat(s.detail()).contains("mode 3");
    }

    @Test
    void anUnknownVersionIsMalformed() {
        assertThat(decode(NtpAnswers.packet(0, 7, 4, 2, 0, ORIGIN, SENT, SENT)).detail()).contains("version 7");
    }

    @Test
    void zeroTimestampsAreMalformed() {
        assertThat(decode(NtpAnswers.packet(0, 4, 4, 2, 0, ORIGIN, null, null)).status())
                .isEqualTo(ServerSample.Status.MALFORMED);
    }

    @Test
    void aServerThatSentBeforeItReceivedIsMalformed() {
        ServerSample s = decode(NtpAnswers.packet(0, 4, 4, 2, 0, ORIGIN, SENT.plusSeconds(1), SENT));
        assertThat(s.status()).isEqualTo(ServerSample.Status.MALFORMED);
        assertThat(s.detail()).contains("out of order");
    }

    @Test
    void anAnswerToAnotherRequestIsIgnored() {
        assertThat(decode(NtpAnswers.answer(ORIGIN ^ 1, SENT, 0))).isNull();
    }

    @Test
    void rateAndDenyKissesOfDeathAreNeverSamples() {
        ServerSample rate = decode(NtpAnswers.kissOfDeath(ORIGIN, "RATE"));
        ServerSample deny = decode(NtpAnswers.kissOfDeath(ORIGIN, "DENY"));
        assertThat(rate.status()).isEqualTo(ServerSample.Status.KISS_OF_DEATH);
        assertThat(rate.detail()).isEqualTo("kiss-of-death RATE");
        assertThat(deny.detail()).isEqualTo("kiss-of-death DENY");
        assertThat(rate.hasSample()).isFalse();
    }

    @Test
    void aSpoofedKissOfDeathThatEchoesNothingIsIgnored() {
        assertThat(decode(NtpAnswers.kissOfDeath(0, "DENY"))).isNull();
    }

    @Test
    void anUnsynchronisedServerGivesNoSample() {
        ServerSample alarm = decode(NtpAnswers.packet(3, 4, 4, 2, 0, ORIGIN, SENT, SENT.plusMillis(1)));
        ServerSample stratum16 = decode(NtpAnswers.packet(0, 4, 4, 16, 0, ORIGIN, SENT, SENT.plusMillis(1)));
        assertThat(alarm.status()).isEqualTo(ServerSample.Status.UNSYNCHRONISED);
        assertThat(stratum16.status()).isEqualTo(ServerSample.Status.UNSYNCHRONISED);
    }
}
