package dev.osiris.agent.evidence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Named counters in the {@code sync_state} table: monotonic ones (upload watermark, check-in report counter) and
 * plain values (the record uploads are held from).
 */
public final class SyncState {

    private SyncState() {
    }

    public static long get(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(EvidenceSql.STATE)) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    /** Sets the counter to {@code value} unless it is already higher. */
    public static void raise(Connection c, String name, long value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(EvidenceSql.STATE_RAISE)) {
            ps.setString(1, name);
            ps.setLong(2, value);
            ps.executeUpdate();
        }
    }

    /** Sets the value, higher or lower than before. */
    public static void set(Connection c, String name, long value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(EvidenceSql.STATE_SET)) {
            ps.setString(1, name);
            ps.setLong(2, value);
            ps.executeUpdate();
        }
    }
}
