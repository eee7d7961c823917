package dev.osiris.relay.api;

import dev.osiris.relay.RelayException;
import io.vertx.ext.web.RoutingContext;

/**
 * Refuses a request target (path or query) that holds a control character, raw or percent-encoded ({@code %00}
 * .. {@code %1F}, {@code %7F}): no id the relay hands out has one, and PostgreSQL cannot even compare a text with a
 * NUL in it, so such a parameter would otherwise fail deep in a query as a 500.
 */
final class RequestTargets {

    private RequestTargets() {
    }

    static void refuseControlCharacters(RoutingContext ctx) {
        String uri = ctx.request().uri();
        for (int i = 0; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (Character.isISOControl(c) || c == '%' && encodedControl(uri, i + 1)) {
                throw RelayException.badRequest("the request path and query must not contain control characters"
                        + " (%00-%1F, %7F)");
            }
        }
        ctx.next();
    }

    private static boolean encodedControl(String uri, int at) {
        if (at + 1 >= uri.length()) {
            return false;
        }
        int hi = Character.digit(uri.charAt(at), 16);
        int lo = Character.digit(uri.charAt(at + 1), 16);
        return hi >= 0 && lo >= 0 && (hi < 2 || hi == 7 && lo == 15);
    }
}
