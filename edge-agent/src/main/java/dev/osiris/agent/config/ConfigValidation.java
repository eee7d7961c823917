package dev.osiris.agent.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

/** The checks {@link AgentConfig} applies to single values, each failing with a path-qualified message. */
final class ConfigValidation {

    private static final Pattern IPV4_LOOPBACK = Pattern.compile("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");

    private ConfigValidation() {
    }

    static String text(String value, String path) {
        if (value == null || value.isBlank()) {
            throw new ConfigException(path + ": is required");
        }
        return value.trim();
    }

    static void positive(Duration value, String path) {
        if (value == null) {
            throw new ConfigException(path + ": is required");
        }
        if (value.isNegative() || value.isZero()) {
            throw new ConfigException(path + ": must be longer than zero");
        }
    }

    static URI uri(String text, String path) {
        try {
            return new URI(text(text, path));
        } catch (URISyntaxException e) {
            throw new ConfigException(path + ": \"" + text + "\" is not a URL: " + e.getReason());
        }
    }

    static void relayUrl(URI url) {
        if (url == null) {
            throw new ConfigException("relayUrl: is required");
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (url.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            throw new ConfigException("relayUrl: must be an https:// URL with a host, got \"" + url + "\"");
        }
        if (url.getQuery() != null || url.getFragment() != null) {
            throw new ConfigException("relayUrl: must not carry a query or fragment, got \"" + url + "\"");
        }
        if (scheme.equals("http") && !isLoopback(url.getHost())) {
            throw new ConfigException("relayUrl: plain http is allowed only to a loopback address (127.0.0.1, [::1], localhost);"
                    + " use https:// for " + url.getHost() + " so the API key and evidence are not sent in clear");
        }
    }

    /** Literal check only: no name lookup, which could block and could be spoofed. */
    static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.equals("[::1]") || h.equals("::1") || IPV4_LOOPBACK.matcher(h).matches();
    }
}
