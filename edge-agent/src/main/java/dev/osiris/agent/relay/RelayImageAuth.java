package dev.osiris.agent.relay;

import dev.osiris.agent.update.ImageAuth;
import dev.osiris.protocol.Api;
import dev.osiris.protocol.RequestSignature;
import dev.osiris.protocol.evidence.ApplianceKey;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Signs an image download from the relay as {@link RelayClient} signs a check-in: the API key, and the appliance
 * key's {@link RequestSignature} over {@code GET}, the API path (the relay URL's own prefix taken off), the time and
 * the empty body, in the relay's time as the client last learnt it. A URL on another origin, or outside the relay
 * URL's path, gets no headers.
 */
public final class RelayImageAuth implements ImageAuth {

    private static final byte[] EMPTY = new byte[0];

    private final URI relay;
    private final String prefix;
    private final String apiKey;
    private final ApplianceKey key;
    private final Clock clock;
    private final Supplier<Duration> relayOffset;

    /** @param relayOffset how far the relay's clock is ahead of {@code clock} ({@link RelayClient#relayClockOffset}) */
    public RelayImageAuth(URI relay, String apiKey, ApplianceKey key, Clock clock, Supplier<Duration> relayOffset) {
        this.relay = relay;
        String path = relay.getRawPath() == null ? "" : relay.getRawPath();
        this.prefix = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        this.apiKey = apiKey;
        this.key = key;
        this.clock = clock;
        this.relayOffset = relayOffset;
    }

    @Override
    public Map<String, String> headers(URI url) {
        if (!sameOrigin(url) || url.getRawPath() == null || !url.getRawPath().startsWith(prefix + "/")) {
            return Map.of();
        }
        String path = url.getRawPath().substring(prefix.length());
        RequestSignature.Headers signed = RequestSignature.sign(key, "GET", path,
                clock.instant().plus(relayOffset.get()), EMPTY);
        return Map.of(Api.API_KEY_HEADER, apiKey, Api.SIGNATURE_HEADER, signed.signature(),
                Api.TIMESTAMP_HEADER, signed.timestamp());
    }

    private boolean sameOrigin(URI url) {
        return relay.getScheme().equalsIgnoreCase(url.getScheme()) && relay.getHost().equalsIgnoreCase(url.getHost())
                && port(relay) == port(url);
    }

    private static int port(URI u) {
        return u.getPort() != -1 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    @Override
    public String toString() {
        // never the API key
        return "RelayImageAuth[" + Objects.toString(relay) + "]";
    }
}
