package dev.osiris.protocol.checkin;

import dev.osiris.protocol.InvalidMessageException;

/**
 * How well the way to a host protects the credential and the commands: what {@code agent status} and the relay
 * show per target. Derived from the credential's transport, TLS flag, authentication scheme and pin.
 */
public enum TransportSecurity {
    /** WinRM over HTTPS, the certificate pinned by its SHA-256. */
    HTTPS_PINNED("https-pinned"),
    /** WinRM over HTTPS, the certificate checked against the trust store. */
    HTTPS("https"),
    /**
     * WinRM NTLM over plain HTTP: the messages are sealed, but with no certificate to bind to, the NTLM
     * exchange can be relayed by whoever sits on the path (WinRM's default, so a warning, not a refusal).
     */
    NTLM_SEALED_HTTP("ntlm-sealed-http"),
    /** WinRM Basic over plain HTTP: the password crosses the network in clear text at every connection. */
    CLEARTEXT("cleartext"),
    /** SSH, the host key pinned by its fingerprint. */
    SSH_PINNED("ssh-pinned"),
    /** SSH, the host key trusted on first use and kept. */
    SSH_TOFU("ssh-tofu");

    private final String wire;

    TransportSecurity(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static TransportSecurity of(Transport transport, boolean tls, String auth, String pin) {
        return switch (transport) {
            case SSH -> pin == null ? SSH_TOFU : SSH_PINNED;
            case WINRM -> tls ? (pin == null ? HTTPS : HTTPS_PINNED) : "basic".equals(auth) ? CLEARTEXT : NTLM_SEALED_HTTP;
        };
    }

    public static TransportSecurity of(Target target) {
        return of(target.transport(), target.tls(), target.auth(), target.pin());
    }

    public static TransportSecurity fromWire(String value, String path) {
        for (TransportSecurity s : values()) {
            if (s.wire.equals(value)) {
                return s;
            }
        }
        throw new InvalidMessageException(path + " must be https-pinned, https, ntlm-sealed-http, cleartext, ssh-pinned"
                + " or ssh-tofu, got \"" + value + "\"");
    }
}
