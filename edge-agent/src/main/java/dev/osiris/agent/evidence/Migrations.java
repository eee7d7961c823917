package dev.osiris.agent.evidence;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** Applies the versioned schema files under {@code dev/osiris/agent/db}, tracked in SQLite's {@code user_version}. */
final class Migrations {

    private static final List<String> FILES = List.of("V1__schema.sql", "V2__healing.sql", "V6__outbox_set_aside.sql",
            "V7__remembered_across_restarts.sql");

    private Migrations() {
    }

    static void apply(Connection c) throws SQLException, IOException {
        int version;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA user_version")) {
            version = rs.next() ? rs.getInt(1) : 0;
        }
        for (int v = version; v < FILES.size(); v++) {
            try (Statement s = c.createStatement()) {
                for (String sql : load(FILES.get(v)).split(";")) {
                    if (!sql.isBlank()) {
                        s.executeUpdate(sql);
                    }
                }
                s.executeUpdate("PRAGMA user_version = " + (v + 1));
            }
        }
    }

    private static String load(String name) throws IOException {
        try (InputStream in = Migrations.class.getResourceAsStream("/dev/osiris/agent/db/" + name)) {
            if (in == null) {
                throw new IOException("migration " + name + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
