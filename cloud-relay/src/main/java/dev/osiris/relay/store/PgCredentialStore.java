package dev.osiris.relay.store;

import dev.osiris.protocol.checkin.CleartextRisk;
import dev.osiris.protocol.checkin.Transport;
import dev.osiris.relay.RelayException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;

/** {@link CredentialStore} on PostgreSQL; secrets are sealed by {@link CredentialCipher} before they leave the process. */
public final class PgCredentialStore implements CredentialStore {

    private static final String INSERT = "INSERT INTO credentials (id, site_id, host, transport, port, tls, auth,"
            + " account, secret_ciphertext, secret_nonce, pin, cleartext_accepted_by, cleartext_accepted_at)"
            + " SELECT $1, s.id, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::text,"
            + " CASE WHEN $13::text IS NULL THEN NULL ELSE now() END FROM sites s"
            + " WHERE s.id = $2 AND ($3::text IS NULL OR s.partner_id = $3)";
    private static final String LIST = "SELECT c.id, c.host, c.transport, c.port, c.tls, c.auth, c.account, c.pin,"
            + " c.cleartext_accepted_by, c.cleartext_accepted_at"
            + " FROM sites s LEFT JOIN credentials c ON c.site_id = s.id"
            + " WHERE s.id = $1 AND ($2::text IS NULL OR s.partner_id = $2) ORDER BY c.created_at, c.id";
    private static final String DELETE = "DELETE FROM credentials c USING sites s"
            + " WHERE c.id = $1 AND c.site_id = $2 AND s.id = c.site_id AND ($3::text IS NULL OR s.partner_id = $3)";

    private final Pool pool;
    private final Ids ids;
    private final CredentialCipher cipher;

    public PgCredentialStore(Pool pool, Ids ids, CredentialCipher cipher) {
        this.pool = pool;
        this.ids = ids;
        this.cipher = cipher;
    }

    @Override
    public Future<String> add(Tenant tenant, String siteId, CredentialSpec spec, String actor) {
        String id = ids.next("cred");
        CredentialCipher.Sealed sealed = cipher.encrypt(siteId, id, spec.secret());
        Tuple params = Tuple.of(id, siteId, tenant.partnerId(), spec.host(), spec.transport().wire(), spec.port(),
                spec.tls(), spec.auth(), spec.account(), Buffer.buffer(sealed.ciphertext()),
                Buffer.buffer(sealed.nonce()), spec.pin(), spec.acceptCleartextRisk() ? actor : null);
        return pool.preparedQuery(INSERT).execute(params).map(rows -> {
            if (rows.rowCount() == 0) {
                throw RelayException.notFound("site " + siteId + " not found");
            }
            return id;
        });
    }

    @Override
    public Future<List<CredentialView>> list(Tenant tenant, String siteId) {
        return pool.preparedQuery(LIST).execute(Tuple.of(siteId, tenant.partnerId())).map(rows -> {
            if (rows.size() == 0) {
                throw RelayException.notFound("site " + siteId + " not found");
            }
            List<CredentialView> views = new ArrayList<>();
            for (Row r : rows) {
                if (r.getString("id") != null) {
                    views.add(new CredentialView(r.getString("id"), r.getString("host"),
                            Transport.fromWire(r.getString("transport"), "credentials.transport"),
                            r.getInteger("port"), r.getBoolean("tls"), r.getString("auth"), r.getString("account"),
                            r.getString("pin"), cleartextRisk(r)));
                }
            }
            return views;
        });
    }

    /** Who accepted the credential's cleartext risk and when, or null. */
    static CleartextRisk cleartextRisk(Row r) {
        String by = r.getString("cleartext_accepted_by");
        return by == null ? null : new CleartextRisk(by, r.getOffsetDateTime("cleartext_accepted_at").toInstant());
    }

    @Override
    public Future<Void> delete(Tenant tenant, String siteId, String credentialId) {
        return pool.preparedQuery(DELETE).execute(Tuple.of(credentialId, siteId, tenant.partnerId())).map(rows -> {
            if (rows.rowCount() == 0) {
                throw RelayException.notFound("credential " + credentialId + " not found at site " + siteId);
            }
            return null;
        });
    }
}
