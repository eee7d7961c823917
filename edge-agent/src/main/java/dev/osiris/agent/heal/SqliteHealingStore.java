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
 * The healing state in the agent's SQLite database: latest verdicts, learned resolutions, incidents, the flapping
 * window and whether each target was reached, all keyed by the target's id (the relay's credential id), never by
 * its address. Incidents and resolutions are kept in their wire JSON, read back into records here. Futures fail
 * with the storage error, or with {@link IllegalStateException} naming the incident and the value when a stored row
 * holds a name no wire enum knows.
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

    /**
     * An incident whose operator resolution arrived and has not been carried out yet.
     *
     * @param targetId the target it was raised on, or empty for an incident from before V7 (match it by host)
     */
    public record PendingResolution(String incidentId, String targetId, String host, String runbookId, String signature,
                                    OperatorResolution resolution) {
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

    /**
     * Whether a human already owns this check on this target (an incident that is open or resolved but not yet
     * carried out); an incident from before V7 counts for the targets at its host.
     */
    public Future<Boolean> hasOpenIncident(String targetId, String host, String runbookId) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(HealingSql.OPEN_INCIDENT)) {
                ps.setString(1, runbookId);
                ps.setString(2, targetId);
                ps.setString(3, host);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    /** Stores a new open incident, for the next report; {@code signature} is its drift's {@link DriftSignature}. */
    public Future<Void> raise(RaisedIncident incident, String signature) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(HealingSql.INSERT_INCIDENT)) {
                ps.setString(1, incident.id());
                ps.setString(2, incident.targetId());
                ps.setString(3, incident.host());
                ps.setString(4, incident.runbookId());
                ps.setString(5, signature);
                ps.setString(6, IncidentRows.body(incident));
                ps.setLong(7, incident.raisedAt().toEpochMilli());
                ps.executeUpdate();
            }
            return null;
        });
    }

    /**
     * Inside the outbox's transaction: the incidents not yet in any report, now marked reported, and the
     * resolutions carried out but not yet acknowledged to the relay, now marked acked.
     */
    public static ReportContents collect(Connection c) throws SQLException {
        List<RaisedIncident> incidents = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(HealingSql.UNREPORTED); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                incidents.add(IncidentRows.incident(rs.getString(1), rs.getString(2)));
            }
        }
        List<String> acks = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(HealingSql.UNACKED); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                acks.add(rs.getString(1));
            }
        }
        try (PreparedStatement a = c.prepareStatement(HealingSql.MARK_REPORTED);
             PreparedStatement b = c.prepareStatement(HealingSql.MARK_ACKED)) {
            a.executeUpdate();
            b.executeUpdate();
        }
        return new ReportContents(incidents, acks);
    }

    /**
     * Inside the outbox's transaction that sets a refused report aside: these incidents and acknowledgements are
     * carried by the next report again.
     */
    public static void requeue(Connection c, List<String> incidentIds, List<String> ackedResolutions)
            throws SQLException {
        try (PreparedStatement incidents = c.prepareStatement(HealingSql.REQUEUE_INCIDENT);
             PreparedStatement acks = c.prepareStatement(HealingSql.REQUEUE_ACK)) {
            for (String id : incidentIds) {
                incidents.setString(1, id);
                incidents.executeUpdate();
            }
            for (String id : ackedResolutions) {
                acks.setString(1, id);
                acks.executeUpdate();
            }
        }
    }

    /** What the next check-in report carries from the healing state. */
    public record ReportContents(List<RaisedIncident> incidents, List<String> ackedResolutions) {
    }

    /** Stores an operator's resolution from a check-in; false if the incident is unknown or already resolved. */
    public Future<Boolean> resolutionArrived(OperatorResolution resolution) {
        String incidentId = resolution.incidentId();
        String text = IncidentRows.resolution(resolution);
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(HealingSql.SET_RESOLUTION)) {
                ps.setString(1, text);
                ps.setString(2, incidentId);
                if (ps.executeUpdate() == 1) {
                    return true;
                }
            }
            // an incident this database never raised (it was replaced): acknowledge so the relay stops resending
            try (PreparedStatement ps = c.prepareStatement(HealingSql.UNKNOWN_RESOLVED)) {
                ps.setString(1, incidentId);
                ps.setString(2, text);
                ps.executeUpdate();
            }
            return false;
        });
    }

    public Future<List<PendingResolution>> pendingResolutions() {
        return db.read(c -> {
            List<PendingResolution> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(HealingSql.PENDING_RESOLUTIONS); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new PendingResolution(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), IncidentRows.resolution(rs.getString(1), rs.getString(6))));
                }
            }
            return out;
        });
    }

    public Future<Void> resolutionDone(String incidentId) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(HealingSql.RESOLUTION_DONE)) {
                ps.setString(1, incidentId);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /**
     * The incidents this agent raised, newest first, with where each stands (for status and tests); the rows that
     * only acknowledge a resolution of an incident this database never raised are not incidents and are left out.
     */
    public Future<List<IncidentState>> incidents() {
        return db.read(c -> {
            List<IncidentState> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(HealingSql.INCIDENTS); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    RaisedIncident incident = IncidentRows.incident(rs.getString(1), rs.getString(2));
                    String resolution = rs.getString(5);
                    out.add(new IncidentState(incident, IncidentState.Status.fromWire(rs.getString(3)),
                            rs.getInt(4) == 1, resolution == null ? null : IncidentRows.resolution(incident.id(), resolution),
                            rs.getInt(6) == 1));
                }
            }
            return out;
        });
    }

    static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }
}
