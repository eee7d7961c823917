package dev.osiris.agent.evidence;

import dev.osiris.agent.evidence.EvidenceSync;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static dev.osiris.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

class SqliteDatabaseTest {

    @TempDir
    Path dir;

    static int cacheSize(Connection c) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA cache_size")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void bothConnectionsPageCachesAreBoundedAtOneMebibyte() throws Exception {
        SqliteDatabase db = await(SqliteDatabase.open(dir.resolve("agent.db"), EvidenceSync.FULL));
        try {
            assertThat(await(db.write(SqliteDatabaseTest::cacheSize))).isEqualTo(-1024);
            assertThat(await(db.read(SqliteDatabaseTest::cacheSize))).isEqualTo(-1024);
        } finally {
            await(db.close());
        }
    }
}
