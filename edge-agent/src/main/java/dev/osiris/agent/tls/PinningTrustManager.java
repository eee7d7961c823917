package dev.osiris.agent.tls;

import javax.net.ssl.X509TrustManager;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;

/**
 * Trusts exactly one server certificate, named by the SHA-256 of its DER encoding, whoever issued it. A pin replaces
 * CA and host-name checks (the caller turns host-name verification off), which is what a relay with a self-issued
 * certificate on a private address and a self-signed WinRM listener both need, without turning verification off.
 * Used by the relay client and the WinRM client alike.
 */
public final class PinningTrustManager implements X509TrustManager {

    private final CertificatePin pin;
    private final String peer;
    private final String pinName;

    /**
     * @param peer    what presents the certificate, for the refusal ("relay", "server")
     * @param pinName where the pin was set, for the refusal ("tls.pinSha256", "the target's pin")
     */
    public PinningTrustManager(CertificatePin pin, String peer, String pinName) {
        this.pin = pin;
        this.peer = peer;
        this.pinName = pinName;
    }

    /** Lower-case hex SHA-256 of the certificate's DER encoding (the form of {@code tls.pinSha256}). */
    public static String fingerprint(X509Certificate cert) throws CertificateEncodingException {
        return HexFormat.of().formatHex(CertificatePin.sha256(cert.getEncoded()));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("the " + peer + " presented no certificate");
        }
        if (!pin.matches(chain[0].getEncoded())) {
            throw new CertificateException(peer + " certificate SHA-256 " + fingerprint(chain[0]) + " does not match "
                    + pinName + " " + pin);
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
