package dev.osiris.agent.relay;

import dev.osiris.agent.evidence.SqliteDatabase;
import dev.osiris.agent.evidence.SyncState;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.osiris.protocol.InvalidMessageException;
import dev.osiris.protocol.checkin.CheckinRequest;
import dev.osiris.protocol.json.Json;
import io.vertx.core.Future;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link Outbox} in the agent's SQLite database; the report counter lives in {@code sync_state}, refused reports in
 * {@code outbox_set_aside}.
 */
public final class SqliteOutbox implements Outbox {

    private static final String COUNTER = "checkinSeq";
    private static final String INSERT = "INSERT INTO outbox (seq, made_at_ms, body) VALUES (?, ?, ?)";
    private static final String OLDEST = "SELECT seq, body FROM outbox ORDER BY seq LIMIT ?";
    private static final String DELETE = "DELETE FROM outbox WHERE seq = ?";
    private static final String DEPTH = "SELECT count(*) FROM outbox";
    private static final String SET_ASIDE = "INSERT INTO outbox_set_aside (seq, made_at_ms, body, refused_at_ms, status,"
            + " error, incidents, held) SELECT seq, made_at_ms, body, ?, ?, ?, ?, ? FROM outbox WHERE seq = ?";
    private static final String BODY = "SELECT body FROM outbox WHERE seq = ?";
    private static final String REFUSED_BEFORE = "SELECT 1 FROM outbox_set_aside s, json_each(s.incidents) i"
            + " WHERE i.value = ? LIMIT 1";
    private static final String HELD = "SELECT h.value FROM outbox_set_aside s, json_each(s.held) h ORDER BY s.seq";
    /** The incident a refusal names by its path, e.g. {@code checkin.incidents[3].summary must not ...}. */
    private static final Pattern NAMED_INCIDENT = Pattern.compile("checkin\\.incidents\\[(\\d+)]");

    private final SqliteDatabase db;
    private final Clock clock;

    public SqliteOutbox(SqliteDatabase db, Clock clock) {
        this.db = db;
        this.clock = clock;
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
    public Future<SetAside> setAside(long seq, int status, String error, Returner returned) {
        return db.write(c -> {
            String body;
            try (PreparedStatement ps = c.prepareStatement(BODY)) {
                ps.setLong(1, seq);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return new SetAside(seq, List.of(), List.of(), List.of(), depth(c));
                    }
                    body = rs.getString(1);
                }
            }
            JsonNode report = readable(body);
            List<String> incidents = texts(report.path("incidents"), "id");
            Set<Integer> named = new HashSet<>();
            for (Matcher m = NAMED_INCIDENT.matcher(error); m.find(); ) {
                named.add(Integer.parseInt(m.group(1)));
            }
            List<String> held = new ArrayList<>();
            List<String> requeued = new ArrayList<>();
            for (int i = 0; i < incidents.size(); i++) {
                (named.contains(i) || refusedBefore(c, incidents.get(i)) ? held : requeued).add(incidents.get(i));
            }
            try (PreparedStatement ps = c.prepareStatement(SET_ASIDE)) {
                ps.setLong(1, clock.millis());
                ps.setInt(2, status);
                ps.setString(3, error);
                ps.setString(4, Json.text(array(incidents)));
                ps.setString(5, Json.text(array(held)));
                ps.setLong(6, seq);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(DELETE)) {
                ps.setLong(1, seq);
                ps.executeUpdate();
            }
            returned.requeue(c, requeued, texts(report.path("ackedResolutions"), null));
            return new SetAside(seq, List.copyOf(requeued), List.copyOf(held),
                    texts(report.path("ackedOrders"), null), depth(c));
        });
    }

    @Override
    public Future<List<String>> held() {
        return db.read(c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(HELD); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
    }

    private static boolean refusedBefore(Connection c, String incidentId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(REFUSED_BEFORE)) {
            ps.setString(1, incidentId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** The stored report as JSON; a body that no longer parses holds nothing to hand back. */
    private static JsonNode readable(String body) {
        try {
            return Json.parseObject(body);
        } catch (InvalidMessageException e) {
            return Json.object();
        }
    }

    /** The text values of an array, or of {@code field} of each element; anything else is skipped. */
    private static List<String> texts(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        for (JsonNode element : array) {
            JsonNode value = field == null ? element : element.path(field);
            if (value.isTextual()) {
                out.add(value.textValue());
            }
        }
        return List.copyOf(out);
    }

    private static ArrayNode array(List<String> values) {
        ArrayNode array = Json.MAPPER.createArrayNode();
        values.forEach(array::add);
        return array;
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
