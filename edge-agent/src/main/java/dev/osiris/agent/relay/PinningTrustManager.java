package dev.osiris.agent.relay;

import dev.osiris.protocol.evidence.EvidenceCodec;

import javax.net.ssl.X509TrustManager;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

/**
 * Trusts exactly one server certificate, named by the SHA-256 of its DER encoding. A pin replaces CA and
 * host-name checks, which is what a relay with a self-issued certificate on a private address needs.
 */
public final class PinningTrustManager implements X509TrustManager {

    private final String pinSha256;

    public PinningTrustManager(String pinSha256) {
        this.pinSha256 = pinSha256;
    }

    public static String fingerprint(X509Certificate cert) throws CertificateEncodingException {
        return EvidenceCodec.hex(EvidenceCodec.sha256(cert.getEncoded()));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("the relay presented no certificate");
        }
        String actual = fingerprint(chain[0]);
        if (!actual.equals(pinSha256)) {
            throw new CertificateException("relay certificate SHA-256 " + actual + " does not match tls.pinSha256 " + pinSha256);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("the agent does not accept client connections");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
