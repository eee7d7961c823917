package dev.osiris.protocol.checkin;

import dev.osiris.protocol.InvalidMessageException;

import java.util.Locale;

/** How the appliance reaches a host, with the authentication schemes each transport accepts. */
public enum Transport {
    WINRM(5986, "ntlm", "basic"),
    SSH(22, "password", "key");

    private final int defaultPort;
    private final String[] authSchemes;

    Transport(int defaultPort, String... authSchemes) {
        this.defaultPort = defaultPort;
        this.authSchemes = authSchemes;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public int defaultPort() {
        return defaultPort;
    }

    public String defaultAuth() {
        return authSchemes[0];
    }

    public boolean accepts(String auth) {
        for (String scheme : authSchemes) {
            if (scheme.equals(auth)) {
                return true;
            }
        }
        return false;
    }

    public static Transport fromWire(String value, String path) {
        for (Transport t : values()) {
            if (t.wire().equals(value)) {
                return t;
            }
        }
        throw new InvalidMessageException(path + " must be winrm or ssh, got \"" + value + "\"");
    }
}
