package dev.osiris.agent.relay;

import dev.osiris.agent.evidence.SqliteDatabase;
import dev.osiris.agent.evidence.SyncState;
import dev.osiris.protocol.checkin.CheckinRequest;
import dev.osiris.protocol.json.Json;
import io.vertx.core.Future;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** {@link Outbox} in the agent's SQLite database; the report counter lives in {@code sync_state}. */
public final class SqliteOutbox implements Outbox {

    private static final String COUNTER = "checkinSeq";
    private static final String INSERT = "INSERT INTO outbox (seq, made_at_ms, body) VALUES (?, ?, ?)";
    private static final String OLDEST = "SELECT seq, body FROM outbox ORDER BY seq LIMIT ?";
    private static final String DELETE = "DELETE FROM outbox WHERE seq = ?";
    private static final String DEPTH = "SELECT count(*) FROM outbox";

    private final SqliteDatabase db;

    public SqliteOutbox(SqliteDatabase db) {
        this.db = db;
    }

    @Override
    public Future<Integer> add(ReportBuilder report) {
        return db.write(c -> {
            long seq = SyncState.get(c, COUNTER) + 1;
            SyncState.raise(c, COUNTER, seq);
            CheckinRequest request = report.build(seq, c);
            try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                ps.setLong(1, seq);
                ps.setLong(2, request.sentAt().toEpochMilli());
                ps.setString(3, Json.text(request.toJson()));
                ps.executeUpdate();
            }
            return depth(c);
        });
    }

    @Override
    public Future<List<Pending>> oldest(int limit) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(OLDEST)) {
                ps.setInt(1, limit);
                List<Pending> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Pending(rs.getLong(1), rs.getString(2).getBytes(StandardCharsets.UTF_8)));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public Future<Integer> remove(long seq) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(DELETE)) {
                ps.setLong(1, seq);
                ps.executeUpdate();
            }
            return depth(c);
        });
    }

    @Override
    public Future<Integer> depth() {
        return db.read(SqliteOutbox::depth);
    }

    private static int depth(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(DEPTH); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
