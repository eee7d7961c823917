package dev.osiris.relay.session;

import dev.osiris.relay.identity.User;
import io.vertx.core.Future;

import java.time.Instant;
import java.util.Optional;

/** Sign-in sessions, kept as the SHA-256 of their token only. Times are the relay's clock's, passed in. */
public interface SessionStore {

    /** A live session: its user, as the users table has them now, and its CSRF token. */
    record Live(User user, String csrfToken) {
    }

    Future<Void> create(String tokenSha256, String userId, String csrfToken, Instant now, Instant expiresAt);

    /**
     * The session if it is not revoked, not past {@code expiresAt}, seen after {@code idleCutoff}, and its user is
     * not removed; moves its last-seen time to {@code now} (at most once a minute).
     */
    Future<Optional<Live>> touch(String tokenSha256, Instant now, Instant idleCutoff);

    /** Ends the session; ending one that is unknown or ended already is not an error. */
    Future<Void> revoke(String tokenSha256);
}
