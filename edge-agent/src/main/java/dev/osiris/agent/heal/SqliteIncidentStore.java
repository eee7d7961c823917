package dev.osiris.agent.heal;

import dev.osiris.agent.evidence.SqliteDatabase;
import io.vertx.core.Future;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The incidents this agent raised in its SQLite database, each keyed by the target it was raised on: whether a
 * report carried it, the operator's resolution, and whether that was carried out and acknowledged. Bodies and
 * resolutions are kept in their wire JSON ({@link IncidentRows}) and read back into records here. Futures fail
 * with the storage error, or with {@link IllegalStateException} naming the incident and the value when a stored
 * row holds a name no wire enum knows.
 */
public final class SqliteIncidentStore {

    /**
     * An incident whose operator resolution arrived and has not been carried out yet.
     *
     * @param targetId the target it was raised on, or empty for an incident from before V7 (match it by host)
     */
    public record PendingResolution(String incidentId, String targetId, String host, String runbookId, String signature,
                                    OperatorResolution resolution) {
    }

    private final SqliteDatabase db;

    public SqliteIncidentStore(SqliteDatabase db) {
        this.db = db;
    }

    /**
     * Whether a human already owns this check on this target (an incident that is open or resolved but not yet
     * carried out); an incident from before V7 counts for the targets at its host.
     */
    public Future<Boolean> hasOpenIncident(String targetId, String host, String runbookId) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(IncidentSql.OPEN_INCIDENT)) {
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
            try (PreparedStatement ps = c.prepareStatement(IncidentSql.INSERT_INCIDENT)) {
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
        try (PreparedStatement ps = c.prepareStatement(IncidentSql.UNREPORTED); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                incidents.add(IncidentRows.incident(rs.getString(1), rs.getString(2)));
            }
        }
        List<String> acks = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(IncidentSql.UNACKED); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                acks.add(rs.getString(1));
            }
        }
        try (PreparedStatement a = c.prepareStatement(IncidentSql.MARK_REPORTED);
             PreparedStatement b = c.prepareStatement(IncidentSql.MARK_ACKED)) {
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
        try (PreparedStatement incidents = c.prepareStatement(IncidentSql.REQUEUE_INCIDENT);
             PreparedStatement acks = c.prepareStatement(IncidentSql.REQUEUE_ACK)) {
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
            try (PreparedStatement ps = c.prepareStatement(IncidentSql.SET_RESOLUTION)) {
                ps.setString(1, text);
                ps.setString(2, incidentId);
                if (ps.executeUpdate() == 1) {
                    return true;
                }
            }
            // an incident this database never raised (it was replaced): acknowledge so the relay stops resending
            try (PreparedStatement ps = c.prepareStatement(IncidentSql.UNKNOWN_RESOLVED)) {
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
            try (PreparedStatement ps = c.prepareStatement(IncidentSql.PENDING_RESOLUTIONS); ResultSet rs = ps.executeQuery()) {
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
            try (PreparedStatement ps = c.prepareStatement(IncidentSql.RESOLUTION_DONE)) {
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
            try (PreparedStatement ps = c.prepareStatement(IncidentSql.INCIDENTS); ResultSet rs = ps.executeQuery()) {
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
}
