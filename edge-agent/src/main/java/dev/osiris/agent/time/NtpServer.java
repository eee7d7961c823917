package dev.osiris.agent.time;

import java.util.Locale;

/** One NTP server from the configuration: a host name or address and a UDP port (123 by default). */
public record NtpServer(String host, int port) {

    public static final int DEFAULT_PORT = 123;

    public NtpServer {
        if (host == null || host.isBlank() || host.length() > 253 || host.chars().anyMatch(c -> c <= ' ')) {
            throw new IllegalArgumentException("must be a host name or address, got \"" + host + "\"");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be between 1 and 65535, got " + port);
        }
        host = host.toLowerCase(Locale.ROOT);
    }

    /** {@code host}, {@code host:port}, {@code [v6]} or {@code [v6]:port}. @throws IllegalArgumentException saying why */
    public static NtpServer parse(String text) {
        String s = text == null ? "" : text.trim();
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("an IPv6 address needs its closing ], got \"" + s + "\"");
            }
            String rest = s.substring(close + 1);
            return new NtpServer(s.substring(1, close), rest.isEmpty() ? DEFAULT_PORT : port(rest.substring(1), s));
        }
        int colon = s.lastIndexOf(':');
        if (colon >= 0 && s.indexOf(':') == colon) {
            return new NtpServer(s.substring(0, colon), port(s.substring(colon + 1), s));
        }
        return new NtpServer(s, DEFAULT_PORT);
    }

    private static int port(String p, String whole) {
        try {
            return Integer.parseInt(p);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the port of \"" + whole + "\" is not a number");
        }
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
