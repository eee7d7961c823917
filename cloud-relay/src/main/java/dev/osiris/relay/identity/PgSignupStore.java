package dev.osiris.relay.identity;

import dev.osiris.relay.RelayException;
import dev.osiris.relay.auth.Role;
import dev.osiris.relay.store.Ids;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link SignupStore} on PostgreSQL. */
public final class PgSignupStore implements SignupStore {

    private static final String COLUMNS = "id, provider, issuer, subject, email, email_verified, verified_domain,"
            + " status, partner_id, role, user_id, created_at, decided_at, decided_by";
    private static final String BY_IDENTITY = "SELECT " + COLUMNS + " FROM signups WHERE issuer = $1 AND subject = $2";
    private static final String ENTRY = "SELECT domain, partner_id, role, created_at, created_by FROM domain_allow_list"
            + " WHERE domain = $1";
    private static final String SETTINGS = "SELECT approval_required FROM portal_settings";
    private static final String INSERT = "INSERT INTO signups (id, provider, issuer, subject, email, email_verified,"
            + " verified_domain, status, partner_id, role, user_id, decided_at, decided_by)"
            + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING " + COLUMNS;
    // every platform admin with an address hears of a pending signup through the alert outbox
    private static final String NOTIFY = "INSERT INTO alerts (recipient, signup_id) SELECT DISTINCT email, $1"
            + " FROM users WHERE role = 'platform-admin' AND removed_at IS NULL AND email IS NOT NULL";
    private static final String LIST = "SELECT " + COLUMNS + " FROM signups WHERE ($1::text IS NULL OR status = $1)"
            + " ORDER BY created_at DESC, id LIMIT 500";
    private static final String GET_FOR_UPDATE = "SELECT " + COLUMNS + " FROM signups WHERE id = $1 FOR UPDATE";
    private static final String DECIDE = "UPDATE signups SET status = $2, partner_id = COALESCE($3, partner_id),"
            + " role = COALESCE($4, role), user_id = $5, decided_at = now(), decided_by = $6 WHERE id = $1"
            + " RETURNING " + COLUMNS;
    private static final String ALLOW_LIST = "SELECT domain, partner_id, role, created_at, created_by"
            + " FROM domain_allow_list ORDER BY domain";
    private static final String ALLOW = "INSERT INTO domain_allow_list (domain, partner_id, role, created_by)"
            + " VALUES ($1, $2, $3, $4) RETURNING domain, partner_id, role, created_at, created_by";
    private static final String DISALLOW = "DELETE FROM domain_allow_list WHERE domain = $1";
    private static final String SET_REQUIRED = "UPDATE portal_settings SET approval_required = $1";

    private final Pool pool;
    private final Ids ids;

    public PgSignupStore(Pool pool, Ids ids) {
        this.pool = pool;
        this.ids = ids;
    }

    @Override
    public Future<Arrival> arrive(VerifiedIdentity identity) {
        return pool.withTransaction(conn -> conn.preparedQuery(BY_IDENTITY)
                .execute(Tuple.of(identity.issuer(), identity.subject()))
                .compose(found -> {
                    if (found.size() > 0) {
                        return Future.succeededFuture(new Arrival(signup(found.iterator().next()), Optional.empty()));
                    }
                    Future<Optional<AllowListEntry>> entry = identity.verifiedDomain() == null
                            ? Future.succeededFuture(Optional.empty())
                            : conn.preparedQuery(ENTRY).execute(Tuple.of(identity.verifiedDomain()))
                                    .map(rows -> rows.size() == 0 ? Optional.empty()
                                            : Optional.of(entry(rows.iterator().next())));
                    return entry.compose(e -> conn.query(SETTINGS).execute()
                            .map(rows -> Approval.decide(identity, e, rows.iterator().next().getBoolean(0))))
                            .compose(decision -> decision.approveNow()
                                    ? approveNow(conn, identity, decision)
                                    : waitFor(conn, identity, decision));
                }));
    }

    private Future<Arrival> approveNow(SqlConnection conn, VerifiedIdentity identity, Approval.Decision decision) {
        return conn.preparedQuery(PgUserStore.INSERT).execute(Tuple.of(ids.next("usr"), decision.partnerId(),
                        decision.role().wire(), identity.issuer(), identity.subject(), identity.email()))
                .map(rows -> PgUserStore.user(rows.iterator().next()))
                .compose(user -> conn.preparedQuery(INSERT).execute(row(identity, Signup.APPROVED,
                                decision.partnerId(), decision.role().wire(), user.id(), "allow-list"))
                        .map(rows -> new Arrival(signup(rows.iterator().next()), Optional.of(user))));
    }

    private Future<Arrival> waitFor(SqlConnection conn, VerifiedIdentity identity, Approval.Decision decision) {
        return conn.preparedQuery(INSERT).execute(row(identity, Signup.PENDING, decision.partnerId(),
                        decision.role() == null ? null : decision.role().wire(), null, null))
                .map(rows -> signup(rows.iterator().next()))
                .compose(s -> conn.preparedQuery(NOTIFY).execute(Tuple.of(s.id()))
                        .map(v -> new Arrival(s, Optional.empty())));
    }

    private Tuple row(VerifiedIdentity identity, String status, String partnerId, String role, String userId,
                      String decidedBy) {
        return Tuple.of(ids.next("sgn"), identity.provider(), identity.issuer(), identity.subject(), identity.email(),
                        identity.emailVerified(), identity.verifiedDomain(), status, partnerId, role)
                .addValue(userId).addValue(decidedBy == null ? null : OffsetDateTime.now()).addValue(decidedBy);
    }

    @Override
    public Future<List<Signup>> list(String status) {
        return pool.preparedQuery(LIST).execute(Tuple.of(status)).map(rows -> {
            List<Signup> out = new ArrayList<>(rows.size());
            rows.forEach(r -> out.add(signup(r)));
            return out;
        });
    }

    @Override
    public Future<User> approve(String signupId, String partnerId, Role role, String actor) {
        return pool.withTransaction(conn -> pending(conn, signupId).compose(s -> conn.preparedQuery(PgUserStore.INSERT)
                .execute(Tuple.of(ids.next("usr"), partnerId, role.wire(), s.issuer(), s.subject(), s.email()))
                .recover(e -> Future.failedFuture(e instanceof PgException pg && "23503".equals(pg.getSqlState())
                        ? RelayException.notFound("partner " + partnerId + " not found")
                        : e instanceof PgException pg2 && "23505".equals(pg2.getSqlState())
                        ? RelayException.conflict("this identity is a user already") : e))
                .map(rows -> PgUserStore.user(rows.iterator().next()))
                .compose(user -> conn.preparedQuery(DECIDE).execute(Tuple.of(signupId, Signup.APPROVED, partnerId,
                        role.wire(), user.id(), actor)).map(user))));
    }

    @Override
    public Future<Signup> reject(String signupId, String actor) {
        return pool.withTransaction(conn -> pending(conn, signupId).compose(s -> conn.preparedQuery(DECIDE)
                .execute(Tuple.of(signupId, Signup.REJECTED, null, null, null, actor))
                .map(rows -> signup(rows.iterator().next()))));
    }

    private static Future<Signup> pending(SqlConnection conn, String signupId) {
        return conn.preparedQuery(GET_FOR_UPDATE).execute(Tuple.of(signupId)).map(rows -> {
            if (rows.size() == 0) {
                throw RelayException.notFound("signup " + signupId + " not found");
            }
            Signup s = signup(rows.iterator().next());
            if (!s.status().equals(Signup.PENDING)) {
                throw RelayException.conflict("signup " + signupId + " is " + s.status() + " already");
            }
            return s;
        });
    }

    @Override
    public Future<List<AllowListEntry>> allowList() {
        return pool.query(ALLOW_LIST).execute().map(rows -> {
            List<AllowListEntry> out = new ArrayList<>(rows.size());
            rows.forEach(r -> out.add(entry(r)));
            return out;
        });
    }

    @Override
    public Future<AllowListEntry> allow(String domain, String partnerId, Role role, String actor) {
        String clean = domain == null ? "" : domain.strip().toLowerCase(java.util.Locale.ROOT);
        if (!clean.matches("[a-z0-9][a-z0-9.-]{0,252}")) {
            return Future.failedFuture(RelayException.badRequest(
                    "domain must be a domain name (Google Workspace) or a Microsoft tenant id"));
        }
        return pool.preparedQuery(ALLOW).execute(Tuple.of(clean, partnerId, role.wire(), actor))
                .map(rows -> entry(rows.iterator().next()))
                .recover(e -> Future.failedFuture(e instanceof PgException pg && "23503".equals(pg.getSqlState())
                        ? RelayException.notFound("partner " + partnerId + " not found")
                        : e instanceof PgException pg2 && "23505".equals(pg2.getSqlState())
                        ? RelayException.conflict("domain " + clean + " is listed already") : e));
    }

    @Override
    public Future<Void> disallow(String domain) {
        return pool.preparedQuery(DISALLOW).execute(Tuple.of(domain)).map(rows -> {
            if (rows.rowCount() == 0) {
                throw RelayException.notFound("domain " + domain + " is not listed");
            }
            return null;
        });
    }

    @Override
    public Future<Boolean> approvalRequired() {
        return pool.query(SETTINGS).execute().map(rows -> rows.iterator().next().getBoolean(0));
    }

    @Override
    public Future<Void> setApprovalRequired(boolean required) {
        return pool.preparedQuery(SET_REQUIRED).execute(Tuple.of(required)).mapEmpty();
    }

    private static AllowListEntry entry(Row r) {
        return new AllowListEntry(r.getString("domain"), r.getString("partner_id"), Role.parse(r.getString("role")),
                r.getOffsetDateTime("created_at").toInstant(), r.getString("created_by"));
    }

    private static Signup signup(Row r) {
        OffsetDateTime decided = r.getOffsetDateTime("decided_at");
        return new Signup(r.getString("id"), r.getString("provider"), r.getString("issuer"), r.getString("subject"),
                r.getString("email"), r.getBoolean("email_verified"), r.getString("verified_domain"),
                r.getString("status"), r.getString("partner_id"), r.getString("role"), r.getString("user_id"),
                r.getOffsetDateTime("created_at").toInstant(), decided == null ? null : decided.toInstant(),
                r.getString("decided_by"));
    }
}
