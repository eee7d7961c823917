package dev.osiris.relay.identity;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/** Sign-in flows in PostgreSQL, so that any relay process over the database can finish one another began. */
public final class SignInFlows {

    /** A begun flow, as its callback finds it. */
    public record Flow(String provider, String codeVerifier, String nonce, String next) {
        @Override
        public String toString() {
            return "Flow[" + provider + ", next=" + next + "]";
        }
    }

    /** The provider name of one-time sign-in links; no OpenID provider may have it. */
    public static final String ONE_TIME_PROVIDER = "one-time";

    private static final String INSERT = "INSERT INTO sign_in_flows (state_sha256, provider, code_verifier, nonce,"
            + " next_path, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)";
    // Used once, atomically: of two callbacks with the same state only one gets the row. A flow of another
    // provider is not this callback's (and stays unused); the verifier is cleared as it is handed out.
    private static final String CONSUME = """
            UPDATE sign_in_flows f SET used_at = $3, code_verifier = NULL
            FROM (SELECT state_sha256, code_verifier FROM sign_in_flows WHERE state_sha256 = $1 FOR UPDATE) old
            WHERE f.state_sha256 = old.state_sha256 AND f.provider = $2 AND f.used_at IS NULL AND f.expires_at > $3
            RETURNING f.provider, old.code_verifier, f.nonce, f.next_path
            """;
    private static final String ONE_TIME = "INSERT INTO sign_in_flows (state_sha256, provider, nonce, next_path,"
            + " created_at, expires_at, user_id) VALUES ($1, '" + ONE_TIME_PROVIDER + "', '-', '/portal', $2, $3, $4)";
    private static final String REDEEM = "UPDATE sign_in_flows SET used_at = $2 WHERE state_sha256 = $1"
            + " AND provider = '" + ONE_TIME_PROVIDER + "' AND used_at IS NULL AND expires_at > $2 RETURNING user_id";
    private static final String FORGET = "DELETE FROM sign_in_flows WHERE expires_at < $1";

    private final Pool pool;
    private final java.security.SecureRandom random = new java.security.SecureRandom();

    public SignInFlows(Pool pool) {
        this.pool = pool;
    }

    public Future<Void> begin(String stateSha256, String provider, String codeVerifier, String nonce, String next,
                              Instant now, Instant expiresAt) {
        return pool.preparedQuery(INSERT).execute(Tuple.of(stateSha256, provider, codeVerifier, nonce, next,
                utc(now), utc(expiresAt))).mapEmpty();
    }

    /** The flow, if it is this provider's, unused and not expired; it is used from now on. */
    public Future<Optional<Flow>> consume(String stateSha256, String provider, Instant now) {
        return pool.preparedQuery(CONSUME).execute(Tuple.of(stateSha256, provider, utc(now))).map(rows -> {
            if (rows.size() == 0) {
                return Optional.empty();
            }
            Row r = rows.iterator().next();
            return Optional.of(new Flow(r.getString("provider"), r.getString("code_verifier"), r.getString("nonce"),
                    r.getString("next_path")));
        });
    }

    /**
     * A one-time sign-in link for {@code userId}: a random 256-bit token, stored as its hash, valid until
     * {@code expiresAt}; answers the token (the link is {@code /auth/one-time/TOKEN}).
     */
    public Future<String> oneTime(String userId, Instant now, Instant expiresAt) {
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        String token = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        return pool.preparedQuery(ONE_TIME).execute(Tuple.of(dev.osiris.relay.auth.ApiKeys.sha256Hex(token), utc(now),
                utc(expiresAt), userId)).map(token);
    }

    /** The user of an unused, unexpired one-time link; the link is used from now on. */
    public Future<Optional<String>> redeem(String tokenSha256, Instant now) {
        return pool.preparedQuery(REDEEM).execute(Tuple.of(tokenSha256, utc(now))).map(rows -> rows.size() == 0
                ? Optional.empty() : Optional.of(rows.iterator().next().getString("user_id")));
    }

    /** Deletes flows that expired before {@code cutoff}. */
    public Future<Void> forgetBefore(Instant cutoff) {
        return pool.preparedQuery(FORGET).execute(Tuple.of(utc(cutoff))).mapEmpty();
    }

    private static OffsetDateTime utc(Instant t) {
        return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
    }
}
