package dev.osiris.relay.store;

import dev.osiris.protocol.checkin.HealingMode;
import dev.osiris.protocol.checkin.Transport;
import dev.osiris.protocol.json.Json;
import dev.osiris.relay.RelayException;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;

/** {@link SiteStore} on PostgreSQL. */
public final class PgSiteStore implements SiteStore {

    private static final String COLUMNS = "s.id, s.partner_id, s.name, s.checkin_interval_seconds, s.healing_mode, "
            + "s.dry_run, s.enabled_runbooks, s.scan_interval_seconds, s.baseline::text AS baseline_text, s.alert_email,"
            + " s.alert_policy";
    private static final String INSERT = "INSERT INTO sites AS s (id, partner_id, name) VALUES ($1, $2, $3) RETURNING "
            + COLUMNS;
    private static final String LIST = "SELECT " + COLUMNS + " FROM sites s WHERE ($1::text IS NULL OR s.partner_id = $1)"
            + " ORDER BY s.created_at, s.id";
    private static final String GET = "SELECT " + COLUMNS + " FROM sites s WHERE s.id = $1"
            + " AND ($2::text IS NULL OR s.partner_id = $2)";
    private static final String UPDATE = "UPDATE sites AS s SET"
            + " checkin_interval_seconds = COALESCE($3::integer, s.checkin_interval_seconds),"
            + " healing_mode = COALESCE($4::text, s.healing_mode),"
            + " dry_run = COALESCE($5::boolean, s.dry_run),"
            + " enabled_runbooks = COALESCE($6::text[], s.enabled_runbooks),"
            + " scan_interval_seconds = COALESCE($7::integer, s.scan_interval_seconds),"
            + " baseline = COALESCE($8::text::jsonb, s.baseline),"
            + " alert_email = CASE WHEN $9::text IS NULL THEN s.alert_email ELSE NULLIF($9::text, '') END,"
            + " alert_policy = COALESCE($10::text, s.alert_policy),"
            + " updated_at = now()"
            + " WHERE s.id = $1 AND ($2::text IS NULL OR s.partner_id = $2) RETURNING " + COLUMNS;
    private static final String CONFIG = "SELECT " + COLUMNS + ", s.config_version, c.id AS cid, c.host, c.transport, c.port, c.tls,"
            + " c.auth, c.account, c.secret_ciphertext, c.secret_nonce, c.pin, c.cleartext_accepted_by,"
            + " c.cleartext_accepted_at"
            + " FROM sites s LEFT JOIN credentials c ON c.site_id = s.id WHERE s.id = $1 ORDER BY c.created_at, c.id";

    private final Pool pool;
    private final Ids ids;

    public PgSiteStore(Pool pool, Ids ids) {
        this.pool = pool;
        this.ids = ids;
    }

    @Override
    public Future<Site> create(Tenant tenant, String name) {
        if (name == null || name.isBlank() || name.length() > 200) {
            return Future.failedFuture(RelayException.badRequest("site.name must be 1 to 200 characters"));
        }
        return pool.preparedQuery(INSERT).execute(Tuple.of(ids.next("site"), tenant.owner(), name.strip()))
                .map(rows -> site(rows.iterator().next()));
    }

    @Override
    public Future<List<Site>> list(Tenant tenant) {
        return pool.preparedQuery(LIST).execute(Tuple.of(tenant.partnerId())).map(rows -> {
            List<Site> sites = new ArrayList<>(rows.size());
            rows.forEach(r -> sites.add(site(r)));
            return sites;
        });
    }

    @Override
    public Future<Site> get(Tenant tenant, String siteId) {
        return pool.preparedQuery(GET).execute(Tuple.of(siteId, tenant.partnerId())).map(rows -> one(rows, siteId));
    }

    @Override
    public Future<Site> update(Tenant tenant, String siteId, SitePatch patch) {
        Tuple params = Tuple.of(siteId, tenant.partnerId(), patch.checkinIntervalSeconds().orElse(null),
                patch.healingMode().map(HealingMode::wire).orElse(null), patch.dryRun().orElse(null),
                patch.enabledRunbooks().map(l -> l.toArray(String[]::new)).orElse(null),
                patch.scanIntervalSeconds().orElse(null), patch.baseline().map(Json::text).orElse(null),
                patch.alertEmail().orElse(null), patch.alertPolicy().orElse(null));
        return pool.preparedQuery(UPDATE).execute(params).map(rows -> one(rows, siteId));
    }

    @Override
    public Future<SiteConfig> config(String siteId) {
        return pool.preparedQuery(CONFIG).execute(Tuple.of(siteId)).map(rows -> {
            if (rows.size() == 0) {
                throw RelayException.notFound("site " + siteId + " not found");
            }
            Site site = null;
            long version = 0;
            List<StoredCredential> credentials = new ArrayList<>();
            for (Row r : rows) {
                if (site == null) {
                    site = site(r);
                    version = r.getLong("config_version");
                }
                if (r.getString("cid") != null) {
                    credentials.add(credential(r));
                }
            }
            return new SiteConfig(site, credentials, version);
        });
    }

    static StoredCredential credential(Row r) {
        return new StoredCredential(r.getString("cid"), r.getString("id"), r.getString("host"),
                Transport.fromWire(r.getString("transport"), "credentials.transport"), r.getInteger("port"),
                r.getBoolean("tls"), r.getString("auth"), r.getString("account"),
                new CredentialCipher.Sealed(r.getBuffer("secret_ciphertext").getBytes(),
                        r.getBuffer("secret_nonce").getBytes()), r.getString("pin"),
                PgCredentialStore.cleartextRisk(r));
    }

    private static Site one(RowSet<Row> rows, String siteId) {
        if (rows.size() == 0) {
            throw RelayException.notFound("site " + siteId + " not found");
        }
        return site(rows.iterator().next());
    }

    private static Site site(Row r) {
        return new Site(r.getString("id"), r.getString("partner_id"), r.getString("name"),
                r.getInteger("checkin_interval_seconds"),
                HealingMode.fromWire(r.getString("healing_mode"), "sites.healing_mode"), r.getBoolean("dry_run"),
                List.of(r.getArrayOfStrings("enabled_runbooks")), r.getInteger("scan_interval_seconds"),
                Json.parseObject(r.getString("baseline_text")), r.getString("alert_email"), r.getString("alert_policy"));
    }
}
