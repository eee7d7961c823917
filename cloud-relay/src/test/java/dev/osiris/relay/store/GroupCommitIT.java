package dev.osiris.relay.store;

import dev.osiris.relay.RelayException;
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
    private static final String SLOW_INSERT = "INSERT INTO partners (id, name) SELECT $1, $2 FROM pg_sleep($3)"
            + " RETURNING id";

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

    @Test
    void anExecutionStillQueuedAtItsDeadlineIsRefusedOverdueAndNeverRun() throws Exception {
        GroupCommit commits = new GroupCommit(database.pool(), SLOW_INSERT, 64, 1);
        // the one transaction slot is held by a slow execution; the next waits behind it past its 100 ms bound
        Future<RowSet<Row>> slow = commits.execute(Tuple.of("late-slow", "slow", 0.5), "late-slow");
        Future<RowSet<Row>> late = commits.execute(Tuple.of("late-refused", "late", 0.0), "late-refused",
                System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100));
        Future<RowSet<Row>> patient = commits.execute(Tuple.of("late-patient", "patient", 0.0), "late-patient",
                System.nanoTime() + TimeUnit.SECONDS.toNanos(60));
        database(Future.join(slow, late, patient).otherwiseEmpty());

        assertThat(slow.succeeded()).isTrue();
        assertThat(late.failed()).isTrue();
        assertThat(late.cause()).isInstanceOf(RelayException.class).hasMessage(GroupCommit.OVERDUE);
        assertThat(((RelayException) late.cause()).status()).isEqualTo(503);
        assertThat(patient.succeeded()).as("one within its bound still runs").isTrue();
        long refused = database(database.pool().query("SELECT count(*) FROM partners WHERE id = 'late-refused'")
                .execute()).iterator().next().getLong(0);
        assertThat(refused).as("the overdue one was never run").isZero();
        assertThat(commits.waiting()).isZero();
    }

    private static <T> T database(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    }
}
