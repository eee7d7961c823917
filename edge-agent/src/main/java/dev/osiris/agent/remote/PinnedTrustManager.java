package dev.osiris.agent.remote;

import javax.net.ssl.X509TrustManager;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

/**
 * Trusts exactly the server certificate whose SHA-256 (of its DER encoding) is the target's pin, whoever issued
 * it; the way self-signed WinRM listeners are accepted without turning verification off.
 */
final class PinnedTrustManager implements X509TrustManager {

    private final String pin;

    PinnedTrustManager(String pin) {
        if (Fingerprints.parse(pin) == null) {
            throw new IllegalArgumentException("pin is not a SHA-256 fingerprint (SHA256:base64 or hex)");
        }
        this.pin = pin;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("server sent no certificate");
        }
        if (!Fingerprints.matches(pin, chain[0].getEncoded())) {
            throw new CertificateException("server certificate " + Fingerprints.sha256(chain[0].getEncoded())
                    + " does not match the pinned fingerprint");
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("not a server trust manager");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
