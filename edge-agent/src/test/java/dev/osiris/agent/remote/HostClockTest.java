package dev.osiris.agent.remote;

import dev.osiris.agent.remote.RemoteFailure.Reason;
import dev.osiris.protocol.checkin.Secret;
import dev.osiris.protocol.checkin.Target;
import dev.osiris.protocol.checkin.Transport;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import static org.assertj.core.api.Assertions.assertThat;

/** A refused logon re-read with the host's clock, from the Date of a real HTTP answer on loopback. */
class HostClockTest {

    private static final Instant NOW = Instant.parse("2026-12-02T04:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @Test
    void aDomainLogonRefusedByAHostEightDaysBehindIsClockSkewWithTheOffset() throws Exception {
        try (TinyServer dc = unauthorizedAt(NOW.minus(Duration.ofDays(8)))) {
            RemoteFailure failure = HostClock.explain(refused(), target(dc, "CORP\\osiris"), endpoint(dc), TIMEOUT, CLOCK);
            assertThat(failure.reason()).isEqualTo(Reason.CLOCK_SKEW);
            assertThat(failure.getMessage()).contains("its clock is -691200 s off this appliance's",
                    "more than the 5 minutes Kerberos allows");
        }
    }

    @Test
    void aHostWithinKerberosToleranceLeavesTheRefusalAsAuthentication() throws Exception {
        try (TinyServer dc = unauthorizedAt(NOW.plus(Duration.ofMinutes(4)))) {
            RemoteFailure failure = HostClock.explain(refused(), target(dc, "CORP\\osiris"), endpoint(dc), TIMEOUT, CLOCK);
            assertThat(failure.reason()).isEqualTo(Reason.AUTHENTICATION);
        }
    }

    @Test
    void aLocalAccountIsNeverTakenForSkewWhateverTheHostsClock() throws Exception {
        try (TinyServer host = unauthorizedAt(NOW.minus(Duration.ofDays(8)))) {
            RemoteFailure failure = HostClock.explain(refused(), target(host, ".\\osiris"), endpoint(host), TIMEOUT, CLOCK);
            assertThat(failure.reason()).isEqualTo(Reason.AUTHENTICATION);
        }
    }

    @Test
    void anAnswerWithoutAReadableDateLeavesTheRefusalAsItWas() throws Exception {
        try (TinyServer host = TinyServer.answering("HTTP/1.1 401 Unauthorized\r\nDate: yesterday\r\n"
                + "Content-Length: 0\r\nConnection: close\r\n\r\n")) {
            RemoteFailure failure = HostClock.explain(refused(), target(host, "CORP\\osiris"), endpoint(host), TIMEOUT, CLOCK);
            assertThat(failure.reason()).isEqualTo(Reason.AUTHENTICATION);
        }
    }

    private static TinyServer unauthorizedAt(Instant hostTime) throws Exception {
        return TinyServer.answering("HTTP/1.1 401 Unauthorized\r\nDate: "
                + DateTimeFormatter.RFC_1123_DATE_TIME.format(hostTime.atZone(ZoneOffset.UTC))
                + "\r\nWWW-Authenticate: Negotiate\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    }

    private static RemoteFailure refused() {
        return new RemoteFailure(Reason.AUTHENTICATION, "127.0.0.1: the host refused the credentials");
    }

    private static Target target(TinyServer server, String account) {
        return new Target("dc", "127.0.0.1", Transport.WINRM, server.port(), false, "ntlm", account, new Secret("pw"),
                null);
    }

    private static URI endpoint(TinyServer server) {
        return URI.create("http://127.0.0.1:" + server.port() + "/wsman");
    }
}
