package dev.osiris.relay.identity;

import dev.osiris.relay.RelayException;

/**
 * Where a sign-in may send the browser afterwards: a path of this relay only. Anything that a browser could read
 * as another origin ({@code //evil}, {@code /\evil}, {@code https://evil}, a control character) is refused, so the
 * sign-in is no open redirect.
 */
public final class SafeNext {

    public static final String HOME = "/portal";

    private SafeNext() {
    }

    /** @throws RelayException 400 for a target that is not a plain local path */
    public static String of(String next) {
        if (next == null || next.isEmpty()) {
            return HOME;
        }
        if (next.length() > 500 || !next.startsWith("/") || next.startsWith("//") || next.contains("\\")
                || next.contains("://")) {
            throw RelayException.badRequest("next must be a path of this relay, such as /portal");
        }
        for (int i = 0; i < next.length(); i++) {
            char c = next.charAt(i);
            if (c < 0x21 || c == 0x7f) {
                throw RelayException.badRequest("next must be a path of this relay, such as /portal");
            }
        }
        return next;
    }
}
