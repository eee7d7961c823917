package dev.osiris.agent.tls;

import io.vertx.core.net.SelfSignedCertificate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PinningTrustManagerTest {

    private static X509Certificate cert;
    private static X509Certificate other;

    @BeforeAll
    static void certificates() throws Exception {
        cert = read(SelfSignedCertificate.create("localhost"));
        other = read(SelfSignedCertificate.create("localhost"));
    }

    private static X509Certificate read(SelfSignedCertificate s) throws Exception {
        try (InputStream in = Files.newInputStream(Path.of(s.certificatePath()))) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    @Test
    void trustsThePinnedCertificateInEitherNotation() throws Exception {
        byte[] digest = CertificatePin.sha256(cert.getEncoded());
        String hex = PinningTrustManager.fingerprint(cert);
        String colons = HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        String openssh = "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        for (String pin : new String[] {hex, colons, openssh}) {
            PinningTrustManager trust = new PinningTrustManager(CertificatePin.of(pin), "relay", "tls.pinSha256");
            assertThatCode(() -> trust.checkServerTrusted(new X509Certificate[] {cert}, "ECDHE_ECDSA"))
                    .as(pin).doesNotThrowAnyException();
        }
    }

    @Test
    void refusesAnotherCertificateNamingBothFingerprintsAndWhereThePinWasSet() throws Exception {
        String pin = PinningTrustManager.fingerprint(cert);
        PinningTrustManager trust = new PinningTrustManager(CertificatePin.of(pin), "relay", "tls.pinSha256");
        assertThatThrownBy(() -> trust.checkServerTrusted(new X509Certificate[] {other}, "ECDHE_ECDSA"))
                .isInstanceOf(CertificateException.class)
                .hasMessage("relay certificate SHA-256 " + PinningTrustManager.fingerprint(other)
                        + " does not match tls.pinSha256 " + pin);
        assertThatThrownBy(() -> trust.checkServerTrusted(new X509Certificate[0], "ECDHE_ECDSA"))
                .hasMessageContaining("presented no certificate");
        assertThatThrownBy(() -> trust.checkClientTrusted(new X509Certificate[] {cert}, "ECDHE_ECDSA"))
                .isInstanceOf(CertificateException.class);
    }

    @Test
    void aPinInNeitherNotationIsRefusedUpFront() {
        assertThatThrownBy(() -> CertificatePin.of("SHA256:short")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a SHA-256 fingerprint");
        assertThatThrownBy(() -> CertificatePin.of("ab".repeat(31))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CertificatePin.of(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
