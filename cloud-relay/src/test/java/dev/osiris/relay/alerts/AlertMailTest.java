package dev.osiris.relay.alerts;

import dev.osiris.relay.store.PendingAlert;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AlertMailTest {

    private static PendingAlert alert(String siteName) {
        return new PendingAlert(1, "noc@msp.test", 0, "site-1", siteName, "app-1", "inc-1", "ws01.clinic.local",
                "RB-WIN-FIREWALL-001", 3, "critical", "heal-failed", "firewall off; remediation did not verify",
                Instant.parse("2026-11-23T10:00:00Z"));
    }

    @Test
    void subjectAndBodyNameSiteHostRunbookAndHowToResolve() {
        AlertMail mail = AlertMail.of(alert("North Valley Dental"));
        assertThat(mail.to()).isEqualTo("noc@msp.test");
        assertThat(mail.subject())
                .isEqualTo("[Osiris] CRITICAL incident at North Valley Dental: RB-WIN-FIREWALL-001 on ws01.clinic.local");
        assertThat(mail.text()).contains("North Valley Dental (site-1)", "ws01.clinic.local",
                "RB-WIN-FIREWALL-001 version 3", "heal-failed", "POST /api/sites/site-1/incidents/inc-1/resolve");
    }

    @Test
    void aSiteNameCannotInjectMailHeaders() {
        AlertMail mail = AlertMail.of(alert("Evil\r\nBcc: all@example.test"));
        assertThat(mail.subject()).doesNotContain("\r").doesNotContain("\n");
    }

    @Test
    void retriesBackOffExponentiallyUpToTheCap() {
        SmtpConfig config = SmtpConfig.of("127.0.0.1", 25, "relay@osiris.test")
                .withTiming(Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(10));
        assertThat(config.retryAfter(0)).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.retryAfter(3)).isEqualTo(Duration.ofSeconds(80));
        assertThat(config.retryAfter(10)).isEqualTo(SmtpConfig.MAX_RETRY);
        assertThat(config.retryAfter(1000)).isEqualTo(SmtpConfig.MAX_RETRY);
    }

    @Test
    void aPasswordIsNeverSentWithoutStarttlsNorShown() {
        SmtpConfig plain = SmtpConfig.of("127.0.0.1", 25, "relay@osiris.test").withStarttls(false);
        assertThatThrownBy(() -> plain.withLogin("relay", new dev.osiris.protocol.checkin.Secret("hunter2")))
                .hasMessageStartingWith("relay.smtp.password needs starttls");
        SmtpConfig tls = SmtpConfig.of("smtp.msp.test", 587, "relay@osiris.test")
                .withLogin("relay", new dev.osiris.protocol.checkin.Secret("hunter2"));
        assertThat(tls.toString()).doesNotContain("hunter2");
        assertThat(SmtpAlertSender.mailConfig(tls).getEnabledSecureTransportProtocols())
                .containsExactlyInAnyOrder("TLSv1.2", "TLSv1.3");
        assertThat(SmtpAlertSender.mailConfig(tls).getHostnameVerificationAlgorithm()).isEqualTo("HTTPS");
        assertThat(SmtpAlertSender.mailConfig(tls).isTrustAll()).isFalse();
    }
}
