package dev.osiris.relay.identity;

import dev.osiris.relay.RelayException;
import dev.osiris.relay.auth.Role;
import dev.osiris.relay.store.Ids;
import dev.osiris.relay.store.Tenant;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link UserStore} on PostgreSQL. */
public final class PgUserStore implements UserStore {

    static final String COLUMNS = "id, partner_id, role, issuer, subject, email, created_at, removed_at";
    static final String INSERT = "INSERT INTO users (id, partner_id, role, issuer, subject, email)"
            + " VALUES ($1, $2, $3, $4, $5, $6) RETURNING " + COLUMNS;
    private static final String BY_IDENTITY = "SELECT " + COLUMNS + " FROM users WHERE issuer = $1 AND subject = $2";
    private static final String GET = "SELECT " + COLUMNS + " FROM users WHERE id = $1"
            + " AND ($2::text IS NULL OR partner_id = $2)";
    private static final String LIST = "SELECT " + COLUMNS + " FROM users WHERE ($1::text IS NULL OR partner_id = $1)"
            + " ORDER BY created_at, id";
    // the sessions end in the same statement, so that no request between the two sees the old role
    private static final String CHANGE_ROLE = """
            WITH changed AS (
                UPDATE users SET role = $3 WHERE id = $1 AND ($2::text IS NULL OR partner_id = $2)
                  AND removed_at IS NULL AND partner_id IS NOT NULL
                RETURNING %s
            ), ended AS (
                UPDATE sessions SET revoked_at = now() FROM changed
                WHERE sessions.user_id = changed.id AND sessions.revoked_at IS NULL
            )
            SELECT * FROM changed
            """.formatted(COLUMNS);
    private static final String REMOVE = """
            WITH removed AS (
                UPDATE users SET removed_at = now() WHERE id = $1 AND ($2::text IS NULL OR partner_id = $2)
                  AND removed_at IS NULL
                RETURNING %s
            ), ended AS (
                UPDATE sessions SET revoked_at = now() FROM removed
                WHERE sessions.user_id = removed.id AND sessions.revoked_at IS NULL
            )
            SELECT * FROM removed
            """.formatted(COLUMNS);

    private final Pool pool;
    private final Ids ids;

    public PgUserStore(Pool pool, Ids ids) {
        this.pool = pool;
        this.ids = ids;
    }

    @Override
    public Future<User> add(String partnerId, Role role, String issuer, String subject, String email) {
        if ((partnerId == null) != (role == null)) {
            return Future.failedFuture(RelayException.badRequest("a partner user needs a role; a platform admin has none"));
        }
        String roleName = role == null ? User.PLATFORM_ADMIN : role.wire();
        return pool.preparedQuery(INSERT)
                .execute(Tuple.of(ids.next("usr"), partnerId, roleName, issuer, subject, email))
                .map(rows -> user(rows.iterator().next()))
                .recover(e -> Future.failedFuture(refusal(e, partnerId)));
    }

    @Override
    public Future<Optional<User>> byIdentity(String issuer, String subject) {
        return pool.preparedQuery(BY_IDENTITY).execute(Tuple.of(issuer, subject)).map(PgUserStore::first);
    }

    @Override
    public Future<User> get(Tenant tenant, String userId) {
        return pool.preparedQuery(GET).execute(Tuple.of(userId, tenant.partnerId()))
                .map(rows -> first(rows).orElseThrow(() -> notFound(userId)));
    }

    @Override
    public Future<List<User>> list(Tenant tenant) {
        return pool.preparedQuery(LIST).execute(Tuple.of(tenant.partnerId())).map(rows -> {
            List<User> out = new ArrayList<>(rows.size());
            rows.forEach(r -> out.add(user(r)));
            return out;
        });
    }

    @Override
    public Future<User> changeRole(Tenant tenant, String userId, Role role) {
        return pool.preparedQuery(CHANGE_ROLE).execute(Tuple.of(userId, tenant.partnerId(), role.wire()))
                .compose(rows -> changedOr(rows, tenant, userId, "cannot change the role of"));
    }

    @Override
    public Future<User> remove(Tenant tenant, String userId) {
        return pool.preparedQuery(REMOVE).execute(Tuple.of(userId, tenant.partnerId()))
                .compose(rows -> changedOr(rows, tenant, userId, "cannot remove"));
    }

    /** The changed row, or why there is none: 404 if the tenant cannot see the user, else 409. */
    private Future<User> changedOr(RowSet<Row> rows, Tenant tenant, String userId, String what) {
        Optional<User> changed = first(rows);
        if (changed.isPresent()) {
            return Future.succeededFuture(changed.get());
        }
        return get(tenant, userId).map(u -> {
            throw RelayException.conflict(what + " user " + userId + ": "
                    + (u.removedAt() != null ? "removed already" : "a platform admin has no partner role"));
        });
    }

    private static RuntimeException refusal(Throwable e, String partnerId) {
        if (e instanceof PgException pg && "23505".equals(pg.getSqlState())) {
            return RelayException.conflict("this identity (issuer and subject) is a user already");
        }
        if (e instanceof PgException pg && "23503".equals(pg.getSqlState())) {
            return RelayException.notFound("partner " + partnerId + " not found");
        }
        if (e instanceof PgException pg && "23514".equals(pg.getSqlState())) {
            return RelayException.badRequest("issuer and subject must be 1 to 500 characters, e-mail at most 320");
        }
        return e instanceof RuntimeException r ? r : new IllegalStateException(e);
    }

    private static RelayException notFound(String userId) {
        return RelayException.notFound("user " + userId + " not found");
    }

    private static Optional<User> first(RowSet<Row> rows) {
        return rows.size() == 0 ? Optional.empty() : Optional.of(user(rows.iterator().next()));
    }

    /** A user from a row holding the users table's columns (sessions read them with the session). */
    public static User user(Row r) {
        String role = r.getString("role");
        return new User(r.getString("id"), r.getString("partner_id"),
                User.PLATFORM_ADMIN.equals(role) ? null : Role.parse(role), r.getString("issuer"),
                r.getString("subject"), r.getString("email"), instant(r, "created_at"), instant(r, "removed_at"));
    }

    private static java.time.Instant instant(Row r, String column) {
        OffsetDateTime t = r.getOffsetDateTime(column);
        return t == null ? null : t.toInstant();
    }
}
