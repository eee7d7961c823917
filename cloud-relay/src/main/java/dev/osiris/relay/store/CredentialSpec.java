package dev.osiris.relay.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.osiris.protocol.InvalidMessageException;
import dev.osiris.protocol.checkin.Secret;
import dev.osiris.protocol.checkin.Transport;
import dev.osiris.protocol.checkin.TransportSecurity;
import dev.osiris.protocol.json.Fields;

import java.util.Iterator;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A credential to add to a site, validated on construction with path-qualified messages
 * ({@code credential.port must be between 1 and 65535}).
 *
 * @param pin SHA-256 fingerprint of the host's certificate or SSH host key (64 hex digits, colons allowed, or
 *            {@code SHA256:<base64>}), or null
 * @param acceptCleartextRisk the partner accepts, for this one credential, that WinRM Basic over plain HTTP sends
 *            its password in clear text at every connection; required for such a credential and refused for any other
 */
public record CredentialSpec(String host, Transport transport, int port, boolean tls, String auth, String account,
                             Secret secret, String pin, boolean acceptCleartextRisk) {

    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._:\\[\\]%-]{1,255}");
    private static final Pattern HEX_PIN = Pattern.compile("(?i)[0-9a-f]{2}(:?[0-9a-f]{2}){31}");
    private static final Pattern B64_PIN = Pattern.compile("SHA256:[A-Za-z0-9+/]{43}=?");
    private static final Set<String> KNOWN = Set.of("host", "transport", "port", "tls", "auth", "account", "secret",
            "pin", "acceptCleartextRisk");
    private static final String P = "credential.";

    public CredentialSpec {
        if (host == null || !HOST.matcher(host).matches()) {
            throw new InvalidMessageException(P + "host must be a DNS name or an IP address");
        }
        if (transport == null) {
            throw new InvalidMessageException(P + "transport must be winrm or ssh");
        }
        if (port < 1 || port > 65535) {
            throw new InvalidMessageException(P + "port must be between 1 and 65535");
        }
        if (auth == null || !transport.accepts(auth)) {
            throw new InvalidMessageException(P + "auth: " + auth + " is not a " + transport.wire() + " scheme ("
                    + (transport == Transport.WINRM ? "ntlm or basic" : "password or key") + ")");
        }
        if (account == null || account.isBlank() || account.length() > 255) {
            throw new InvalidMessageException(P + "account must be 1 to 255 characters");
        }
        if (secret == null) {
            throw new InvalidMessageException(P + "secret is required");
        }
        if (secret.reveal().length() > 16 * 1024) {
            throw new InvalidMessageException(P + "secret is longer than 16384 characters");
        }
        if (pin != null && !HEX_PIN.matcher(pin).matches() && !B64_PIN.matcher(pin).matches()) {
            throw new InvalidMessageException(P + "pin must be a SHA-256 fingerprint: 64 hex digits or SHA256:<base64>");
        }
        // the parameters, not the accessors: the fields are assigned only after this body
        TransportSecurity security = TransportSecurity.of(transport, tls, auth, pin);
        boolean cleartext = security == TransportSecurity.CLEARTEXT;
        if (cleartext && !acceptCleartextRisk) {
            throw new InvalidMessageException(P + "auth: basic over plain http (tls false) would send the password in"
                    + " clear text at every scan; use tls (https, port 5986) or ntlm, or accept that risk for this one"
                    + " credential with acceptCleartextRisk: true (--accept-cleartext-risk), which is recorded with who"
                    + " accepted it and counts as a failing transmission-security control");
        }
        if (!cleartext && acceptCleartextRisk) {
            throw new InvalidMessageException(P + "acceptCleartextRisk: only for winrm basic over plain http; this"
                    + " credential's transport is " + security.wire());
        }
    }

    /** A credential without an accepted cleartext risk. */
    public CredentialSpec(String host, Transport transport, int port, boolean tls, String auth, String account,
                          Secret secret, String pin) {
        this(host, transport, port, tls, auth, account, secret, pin, false);
    }

    /** How well the way to the host will protect the credential. */
    public TransportSecurity security() {
        return TransportSecurity.of(transport, tls, auth, pin);
    }

    /** A spec with the transport's default port, TLS on and the transport's default auth scheme. */
    public static CredentialSpec of(String host, Transport transport, String account, Secret secret) {
        return new CredentialSpec(host, transport, transport.defaultPort(), true, transport.defaultAuth(), account,
                secret, null);
    }

    public static CredentialSpec fromJson(JsonNode node) {
        Fields f = new Fields(node, "credential");
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!KNOWN.contains(name)) {
                throw new InvalidMessageException(f.path(name) + " is not a credential field (known: " + KNOWN + ")");
            }
        }
        String host = f.requireName("host", 255);
        Transport transport = Transport.fromWire(f.requireString("transport"), f.path("transport"));
        int port = f.has("port") ? f.requireInt("port", 1, 65535) : transport.defaultPort();
        boolean tls = f.has("tls") ? f.requireBoolean("tls") : !(transport == Transport.WINRM && port == 5985);
        String auth = f.has("auth") ? f.requireString("auth") : transport.defaultAuth();
        String account = f.requireName("account", 255);
        Secret secret = new Secret(f.requireText("secret", 16 * 1024));
        String pin = f.has("pin") ? f.requireName("pin", 128) : null;
        boolean accept = f.has("acceptCleartextRisk") && f.requireBoolean("acceptCleartextRisk");
        return new CredentialSpec(host, transport, port, tls, auth, account, secret, pin, accept);
    }

    @Override
    public String toString() {
        return "CredentialSpec[" + transport.wire() + "://" + account + "@" + host + ":" + port + "]";
    }
}
