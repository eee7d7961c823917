package dev.osiris.agent.heal;

import dev.osiris.agent.evidence.SqliteDatabase;
import dev.osiris.protocol.runbook.Runbook;
import dev.osiris.protocol.runbook.Verdict;
import io.vertx.core.Future;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The drift and healing state in the agent's SQLite database: latest verdicts, learned resolutions, the flapping
 * window and whether each target was reached, all keyed by the target's id (the relay's credential id), never by
 * its address (incidents: {@link SqliteIncidentStore}). Futures fail with the storage error, or with
 * {@link IllegalStateException} naming the row when a stored verdict status is not a known wire name.
 */
public final class SqliteHealingStore {

    /**
     * The latest verdict of one check on one target.
     *
     * @param targetId the relay's credential id of the target ({@code host:} and the host for verdicts from before V7)
     */
    public record CheckState(String targetId, String host, String runbookId, int runbookVersion, Verdict.Status status,
                             String summary, Instant at) {
    }

    /** One verified heal inside the flapping window. */
    public record Heal(String targetId, String runbookId, Instant at) {
    }

    /** What the drift engine and the flap detector knew before a restart. */
    public record Remembered(List<CheckState> states, Map<String, Boolean> reached, List<Heal> heals) {
    }

    private final SqliteDatabase db;

    public SqliteHealingStore(SqliteDatabase db) {
        this.db = db;
    }

    /** Stores the latest verdicts of one target (at {@code host}), replacing earlier ones of the same checks. */
    public Future<Void> saveVerdicts(String targetId, String host, Map<Runbook, Verdict> verdicts, Instant at) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(HealingSql.UPSERT_STATE)) {
                for (Map.Entry<Runbook, Verdict> e : verdicts.entrySet()) {
                    ps.setString(1, targetId);
                    ps.setString(2, host);
                    ps.setString(3, e.getKey().id());
                    ps.setInt(4, e.getKey().version());
                    ps.setString(5, e.getValue().status().wire());
                    ps.setString(6, truncate(e.getValue().summary(), 500));
                    ps.setLong(7, at.toEpochMilli());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    public Future<List<CheckState>> states() {
        return db.read(SqliteHealingStore::states);
    }

    private static List<CheckState> states(Connection c) throws SQLException {
        List<CheckState> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(HealingSql.STATES); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new CheckState(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                        WireNames.parse(Verdict.Status.values(), Verdict.Status::wire, "verdict status", rs.getString(5)),
                        rs.getString(6),
                        Instant.ofEpochMilli(rs.getLong(7))));
            }
        }
        return out;
    }

    /** The latest verdicts, whether each target was reached, and the verified heals since {@code healsSince}. */
    public Future<Remembered> remembered(Instant healsSince) {
        return db.read(c -> {
            Map<String, Boolean> reached = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement(HealingSql.REACHES); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    reached.put(rs.getString(1), rs.getInt(2) == 1);
                }
            }
            List<Heal> heals = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(HealingSql.HEALS_SINCE)) {
                ps.setLong(1, healsSince.toEpochMilli());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        heals.add(new Heal(rs.getString(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3))));
                    }
                }
            }
            return new Remembered(states(c), reached, heals);
        });
    }

    /** Records whether the target's last scan reached it. */
    public Future<Void> reached(String targetId, boolean reached, Instant at) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(HealingSql.UPSERT_REACH)) {
                ps.setString(1, targetId);
                ps.setInt(2, reached ? 1 : 0);
                ps.setLong(3, at.toEpochMilli());
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Records a verified heal and forgets those of the same check older than {@code windowStart}. */
    public Future<Void> healed(String targetId, String runbookId, Instant at, Instant windowStart) {
        return db.write(c -> {
            try (PreparedStatement insert = c.prepareStatement(HealingSql.INSERT_HEAL);
                 PreparedStatement prune = c.prepareStatement(HealingSql.PRUNE_HEALS)) {
                insert.setString(1, targetId);
                insert.setString(2, runbookId);
                insert.setLong(3, at.toEpochMilli());
                insert.executeUpdate();
                prune.setString(1, targetId);
                prune.setString(2, runbookId);
                prune.setLong(3, windowStart.toEpochMilli());
                prune.executeUpdate();
            }
            return null;
        });
    }

    /** Forgets a check's heals (an operator resolved its flapping incident). */
    public Future<Void> resetHeals(String targetId, String runbookId) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(HealingSql.RESET_HEALS)) {
                ps.setString(1, targetId);
                ps.setString(2, runbookId);
                ps.executeUpdate();
            }
            return null;
        });
    }

    public Future<LearnedKnowledge> loadKnowledge(int promoteAfter) {
        return db.read(c -> {
            List<Knowledge.Candidate> rows = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(HealingSql.RESOLUTIONS); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rs.getLong(6);
                    boolean promoted = !rs.wasNull();
                    rows.add(new Knowledge.Candidate(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                            rs.getInt(5), promoted));
                }
            }
            return new LearnedKnowledge(promoteAfter, rows);
        });
    }

    public Future<Void> saveCandidate(Knowledge.Candidate row, Instant at) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(HealingSql.UPSERT_RESOLUTION)) {
                ps.setString(1, row.runbookId());
                ps.setString(2, row.signature());
                ps.setString(3, row.remedyId());
                ps.setInt(4, row.successes());
                ps.setInt(5, row.failures());
                if (row.promoted()) {
                    ps.setLong(6, at.toEpochMilli());
                } else {
                    ps.setNull(6, java.sql.Types.INTEGER);
                }
                ps.executeUpdate();
            }
            return null;
        });
    }

    static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }
}
