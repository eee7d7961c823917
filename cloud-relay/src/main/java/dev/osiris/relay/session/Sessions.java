package dev.osiris.relay.session;

import dev.osiris.relay.auth.ApiKeys;
import dev.osiris.relay.auth.Principal;
import dev.osiris.relay.identity.User;
import dev.osiris.relay.store.Tenant;
import io.vertx.core.Future;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Sign-in sessions (OWASP ASVS L2): a random 256-bit token, stored only as its SHA-256, that ends after
 * {@link #IDLE} without a request or {@link #ABSOLUTE} after sign-in, whichever comes first, and at sign-out, user
 * removal or role change. Each session has its own CSRF token for cookie-authenticated changes.
 */
public final class Sessions {

    public static final Duration IDLE = Duration.ofMinutes(30);
    public static final Duration ABSOLUTE = Duration.ofHours(12);

    /** A new session's token (for the cookie, shown nowhere else) and CSRF token. */
    public record Started(String token, String csrfToken, Instant expiresAt) {
        @Override
        public String toString() {
            return "Started[token=[REDACTED], expiresAt=" + expiresAt + "]";
        }
    }

    private final SessionStore store;
    private final SecureRandom random;
    private final Clock clock;

    public Sessions(SessionStore store, SecureRandom random, Clock clock) {
        this.store = store;
        this.random = random;
        this.clock = clock;
    }

    /** A new session for {@code user}: always a new token, never one the browser brought (no session fixation). */
    public Future<Started> start(User user) {
        String token = randomToken();
        String csrf = randomToken();
        Instant now = clock.instant();
        Instant expires = now.plus(ABSOLUTE);
        return store.create(ApiKeys.sha256Hex(token), user.id(), csrf, now, expires)
                .map(v -> new Started(token, csrf, expires));
    }

    /** The principal of a live session; empty for an unknown, ended, expired or idle one. */
    public Future<Optional<Principal>> resolve(String token) {
        if (token == null || token.isBlank() || token.length() > 100) {
            return Future.succeededFuture(Optional.empty());
        }
        Instant now = clock.instant();
        return store.touch(ApiKeys.sha256Hex(token), now, now.minus(IDLE))
                .map(live -> live.map(l -> principal(l.user(), l.csrfToken())));
    }

    public Future<Void> end(String token) {
        if (token == null || token.isBlank() || token.length() > 100) {
            return Future.succeededFuture();
        }
        return store.revoke(ApiKeys.sha256Hex(token));
    }

    private static Principal principal(User user, String csrf) {
        if (user.platformAdmin()) {
            return new Principal(Principal.Kind.PLATFORM_ADMIN, user.id(), user.email(), null, null, csrf);
        }
        return new Principal(Principal.Kind.PARTNER_USER, user.id(), user.email(),
                Tenant.partner(user.partnerId()), user.role(), csrf);
    }

    private String randomToken() {
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }
}
