package dev.osiris.agent.remote;

import dev.osiris.protocol.checkin.Target;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * A WinRM host's clock as its answers state it: the {@code Date} header of an unauthenticated request (Windows'
 * HTTP.sys stamps every answer with its clock). Used after a refused domain logon to tell a clock skew (Kerberos
 * refuses more than 5 minutes) from a wrong password. Blocking: runs on the WinRM pool, bounded by {@code timeout}.
 */
final class HostClock {

    /** Windows' default MaxClockSkew for Kerberos. */
    static final Duration KERBEROS_SKEW = Duration.ofMinutes(5);

    private HostClock() {
    }

    /**
     * The host's clock minus this one's, or empty when the host did not answer with a readable {@code Date} in time.
     * No credentials are sent; the certificate is checked as for the logon itself (pin or trust store).
     */
    static Optional<Duration> offset(Target target, URI endpoint, Duration timeout, Clock clock) {
        try {
            HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(timeout)
                    .version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER);
            if ("https".equals(endpoint.getScheme())) {
                SSLContext tls = SSLContext.getInstance("TLS");
                tls.init(null, WinRmClients.trustManagers(target.pin()), null);
                builder.sslContext(tls);
            }
            try (HttpClient http = builder.build()) {
                HttpResponse<Void> answer = http.send(HttpRequest.newBuilder(endpoint).timeout(timeout)
                        .POST(HttpRequest.BodyPublishers.noBody()).header("Content-Type", "application/soap+xml")
                        .build(), HttpResponse.BodyHandlers.discarding());
                Instant now = clock.instant();
                return answer.headers().firstValue("Date").flatMap(HostClock::parse)
                        .map(hostTime -> Duration.between(now, hostTime));
            }
        } catch (IOException | GeneralSecurityException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /**
     * The refusal re-read with the host's clock: {@link RemoteFailure.Reason#CLOCK_SKEW} when the account is a
     * domain account and the host's clock is more than {@link #KERBEROS_SKEW} off; else {@code refused} itself.
     */
    static RemoteFailure explain(RemoteFailure refused, Target target, URI endpoint, Duration timeout, Clock clock) {
        if (refused.reason() != RemoteFailure.Reason.AUTHENTICATION
                || WinRmClients.Account.parse(target.account()).domain() == null) {
            return refused;
        }
        return offset(target, endpoint, timeout, clock).filter(d -> d.abs().compareTo(KERBEROS_SKEW) > 0)
                .map(d -> new RemoteFailure(RemoteFailure.Reason.CLOCK_SKEW, String.format(java.util.Locale.ROOT,
                        "%s: the host refused the domain logon; its clock is %+d s off this appliance's, more than"
                                + " the %d minutes Kerberos allows", target, d.toSeconds(), KERBEROS_SKEW.toMinutes()),
                        refused))
                .orElse(refused);
    }

    private static Optional<Instant> parse(String date) {
        try {
            return Optional.of(ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
