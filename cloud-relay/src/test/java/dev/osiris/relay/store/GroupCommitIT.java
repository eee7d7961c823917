package dev.osiris.relay.store;

import dev.osiris.relay.db.Database;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Group commit on a real PostgreSQL: executions that queue share a transaction; a bad one fails alone. */
class GroupCommitIT {

    private static final String INSERT = "INSERT INTO partners (id, name) VALUES ($1, $2) RETURNING id";

    @TempDir
    static Path dataDir;

    static Vertx vertx;
    static Database database;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        database = database(Database.open(vertx, new Database.Config(dataDir, Optional.empty(), 4)));
    }

    @AfterAll
    static void stop() throws Exception {
        if (database != null) {
            database(database.close());
        }
        database(vertx.close());
    }

    @Test
    void queuedExecutionsShareOneTransactionAndABadOneFailsAlone() throws Exception {
        GroupCommit commits = new GroupCommit(database.pool(), INSERT, 64, 1);
        List<Future<RowSet<Row>>> results = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            // the fifth has no name (NOT NULL): its batch fails, and is retried one by one
            results.add(commits.execute(Tuple.of("gc-" + i, i == 4 ? null : "partner " + i), "gc-" + i));
        }
        database(Future.join(results).otherwiseEmpty()); // every one done, one failed

        for (int i = 0; i < 10; i++) {
            if (i == 4) {
                assertThat(results.get(i).failed()).isTrue();
                assertThat(results.get(i).cause().getMessage()).contains("null value");
            } else {
                assertThat(results.get(i).succeeded()).as("execution " + i).isTrue();
                assertThat(results.get(i).result().iterator().next().getString("id")).isEqualTo("gc-" + i);
            }
        }
        long stored = database(database.pool().query("SELECT count(*) FROM partners WHERE id LIKE 'gc-%'").execute())
                .iterator().next().getLong(0);
        assertThat(stored).as("each good one stored once").isEqualTo(9);
    }

    @Test
    void executionsThatArriveTogetherCommitInFewerTransactionsThanExecutions() throws Exception {
        GroupCommit commits = new GroupCommit(database.pool(), INSERT, 64, 1);
        List<Future<RowSet<Row>>> results = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            results.add(commits.execute(Tuple.of("batch-" + i, "partner " + i), "batch-" + i));
        }
        database(Future.all(results));
        long[] counts = commits.counts();
        assertThat(counts[1]).isEqualTo(50);
        assertThat(counts[0]).as("the first alone, the rest queued behind it together").isLessThanOrEqualTo(2);
    }

    private static <T> T database(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    }
}
