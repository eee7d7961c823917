package dev.osiris.agent.remote;

import dev.osiris.agent.evidence.SqliteDatabase;
import io.vertx.core.Future;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The site's SSH known hosts in the agent's SQLite database (table {@code known_hosts}, V7), so that a restart
 * neither turns a known host into HOST_KEY_UNKNOWN nor trusts a changed key on first use again. Writes go through
 * the database's one writer. Futures fail with the storage error only.
 */
public final class SqliteKnownHosts {

    private static final Logger LOG = Logger.getLogger(SqliteKnownHosts.class.getName());

    static final String ALL = "SELECT host, port, fingerprint FROM known_hosts";
    // the first key trusted stays: a later one for the same host and port is a changed key, never a replacement
    static final String INSERT = "INSERT INTO known_hosts (host, port, fingerprint, trusted_at_ms) VALUES (?, ?, ?, ?) "
            + "ON CONFLICT (host, port) DO NOTHING";

    private final SqliteDatabase db;
    private final Clock clock;

    public SqliteKnownHosts(SqliteDatabase db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /**
     * The known hosts as persisted, each key trusted on first use from now on written here before {@code then} is
     * told of it. {@code then} is called on the SSH worker that verified the key and must not block.
     */
    public Future<KnownHosts> load(KnownHosts.Listener then) {
        KnownHosts known = new KnownHosts((host, port, fingerprint) -> {
            save(host, port, fingerprint).onFailure(e -> LOG.log(Level.WARNING, "the host key of " + host + ":" + port
                    + " trusted on first use was not saved and will be trusted on first use again: " + e.getMessage()));
            then.trustedOnFirstUse(host, port, fingerprint);
        });
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(ALL); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    known.remember(rs.getString(1), rs.getInt(2), rs.getString(3));
                }
            }
            return known;
        });
    }

    /** Records a host's first trusted key; completes once committed. */
    public Future<Void> save(String host, int port, String fingerprint) {
        long at = clock.millis();
        return db.writeDetached(c -> {
            try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                ps.setString(1, host);
                ps.setInt(2, port);
                ps.setString(3, fingerprint);
                ps.setLong(4, at);
                ps.executeUpdate();
            }
            return null;
        });
    }
}
