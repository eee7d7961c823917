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
    private static final String FORGET = "DELETE FROM sign_in_flows WHERE expires_at < $1";

    private final Pool pool;

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

    /** Deletes flows that expired before {@code cutoff}. */
    public Future<Void> forgetBefore(Instant cutoff) {
        return pool.preparedQuery(FORGET).execute(Tuple.of(utc(cutoff))).mapEmpty();
    }

    private static OffsetDateTime utc(Instant t) {
        return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
    }
}
