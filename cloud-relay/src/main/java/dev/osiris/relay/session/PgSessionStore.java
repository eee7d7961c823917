package dev.osiris.relay.session;

import dev.osiris.relay.identity.PgUserStore;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/** {@link SessionStore} on PostgreSQL. */
public final class PgSessionStore implements SessionStore {

    private static final String INSERT = "INSERT INTO sessions (token_sha256, user_id, csrf_token, created_at,"
            + " last_seen_at, expires_at) VALUES ($1, $2, $3, $4, $4, $5)";
    // One round trip per request: the user's role and removal are read with the session, so that a role change or
    // removal holds from the next request; the last-seen time is written at most once a minute per session.
    private static final String TOUCH = """
            WITH live AS (
                SELECT s.token_sha256, s.csrf_token, s.last_seen_at, u.id, u.partner_id, u.role, u.issuer,
                       u.subject, u.email, u.created_at, u.removed_at
                FROM sessions s JOIN users u ON u.id = s.user_id
                WHERE s.token_sha256 = $1 AND s.revoked_at IS NULL AND u.removed_at IS NULL
                  AND s.expires_at > $2 AND s.last_seen_at > $3
            ), seen AS (
                UPDATE sessions s SET last_seen_at = $2 FROM live
                WHERE s.token_sha256 = live.token_sha256 AND live.last_seen_at < $2 - interval '1 minute'
            )
            SELECT * FROM live
            """;
    private static final String REVOKE = "UPDATE sessions SET revoked_at = now() WHERE token_sha256 = $1"
            + " AND revoked_at IS NULL";

    private final Pool pool;

    public PgSessionStore(Pool pool) {
        this.pool = pool;
    }

    @Override
    public Future<Void> create(String tokenSha256, String userId, String csrfToken, Instant now, Instant expiresAt) {
        return pool.preparedQuery(INSERT).execute(Tuple.of(tokenSha256, userId, csrfToken, utc(now), utc(expiresAt)))
                .mapEmpty();
    }

    @Override
    public Future<Optional<Live>> touch(String tokenSha256, Instant now, Instant idleCutoff) {
        return pool.preparedQuery(TOUCH).execute(Tuple.of(tokenSha256, utc(now), utc(idleCutoff))).map(rows -> {
            if (rows.size() == 0) {
                return Optional.empty();
            }
            var row = rows.iterator().next();
            return Optional.of(new Live(PgUserStore.user(row), row.getString("csrf_token")));
        });
    }

    @Override
    public Future<Void> revoke(String tokenSha256) {
        return pool.preparedQuery(REVOKE).execute(Tuple.of(tokenSha256)).mapEmpty();
    }

    private static OffsetDateTime utc(Instant t) {
        return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
    }
}
