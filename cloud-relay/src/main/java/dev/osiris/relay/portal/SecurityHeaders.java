package dev.osiris.relay.portal;

import io.vertx.core.http.HttpServerResponse;

/**
 * The headers of every portal page: a strict Content-Security-Policy (no script at all, styles and images from the
 * relay only, forms post only to the relay, no framing), no sniffing, no referrer, no caching, and HSTS over TLS.
 */
public final class SecurityHeaders {

    static final String CSP = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self';"
            + " frame-ancestors 'none'; base-uri 'none'";

    private SecurityHeaders() {
    }

    public static HttpServerResponse apply(HttpServerResponse response, boolean tls) {
        response.putHeader("Content-Security-Policy", CSP)
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("X-Frame-Options", "DENY")
                .putHeader("Referrer-Policy", "no-referrer")
                .putHeader("Cache-Control", "no-store");
        if (tls) {
            response.putHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
        }
        return response;
    }
}
