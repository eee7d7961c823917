package dev.osiris.relay.store;

import dev.osiris.relay.RelayException;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Application-level group commit for one statement: executions that arrive while earlier ones are being committed
 * wait and then share one transaction (one round trip for the batch, one WAL flush for all of them) instead of one
 * transaction each. No batch waits on a timer: a batch leaves as soon as a slot is free, so at low load every
 * execution is a batch of one, and batches grow only when the database is the bottleneck.
 *
 * <p>Guarantees: an execution's future completes only after the transaction holding it committed (or failed). A
 * batch that fails is retried one execution per transaction, so one bad execution fails alone and the others are
 * stored exactly as if they had run alone (nothing of the failed batch was committed). An execution whose
 * {@code orderKey} (the row it locks) is held by a batch in flight waits for the next batch rather than joining
 * one that would block on that row's lock until the first commits (which would put the batches in single file);
 * within a batch, executions are sorted by key so that no two batches ever wait on each other. Futures complete on
 * the context that submitted them (or at once, for a caller outside Vert.x). An execution may carry a deadline: one
 * still queued when a batch leaves after it is failed (503, {@link #OVERDUE}) and never run (load shedding by queue
 * time: under a herd, an answer after the appliance gave up is work wasted). Thread-safe: every event loop submits
 * here.
 */
public final class GroupCommit {

    private record Pending(Tuple params, String orderKey, long notAfterNanos, Promise<RowSet<Row>> promise,
                           Context context) {
    }

    /**
     * Why an execution that waited in the queue past its bound failed (503): it was never run, so nothing of it was
     * committed and the caller may answer 503 (the appliance sends the same report again later).
     */
    public static final String OVERDUE = "the relay's check-in queue is long: this check-in waited past the relay's"
            + " bound and was not stored; retry later";

    /** For {@link #execute(Tuple, String, long)}: an execution that may wait as long as it takes. */
    public static final long NO_DEADLINE = Long.MAX_VALUE;

    private final Pool pool;
    private final String sql;
    private final int maxBatch;
    private final int maxInFlight;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private final Set<String> busy = new HashSet<>();
    private int inFlight;
    private long batches;
    private long executions;

    /**
     * @param maxBatch    most executions in one transaction
     * @param maxInFlight most transactions running at once (leave pool connections for the other queries)
     */
    public GroupCommit(Pool pool, String sql, int maxBatch, int maxInFlight) {
        if (maxBatch < 1 || maxInFlight < 1) {
            throw new IllegalArgumentException("maxBatch and maxInFlight must be at least 1");
        }
        this.pool = pool;
        this.sql = sql;
        this.maxBatch = maxBatch;
        this.maxInFlight = maxInFlight;
    }

    /**
     * Runs the statement with {@code params} in the next batch.
     *
     * @return the statement's rows, after its transaction committed; fails with the database's error for this
     *         execution (its batch was retried without it)
     */
    public Future<RowSet<Row>> execute(Tuple params, String orderKey) {
        return execute(params, orderKey, NO_DEADLINE);
    }

    /**
     * Runs the statement with {@code params} in the next batch that leaves before {@code notAfterNanos} (on
     * {@link System#nanoTime()}'s scale).
     *
     * @return the statement's rows, after its transaction committed; fails with 503 {@link #OVERDUE} (never run) when no
     *         batch took it by then, otherwise with the database's error for this execution
     */
    public Future<RowSet<Row>> execute(Tuple params, String orderKey, long notAfterNanos) {
        Context context = Vertx.currentContext();
        Promise<RowSet<Row>> promise = Promise.promise();
        List<Pending> batch;
        List<Pending> overdue = new ArrayList<>();
        synchronized (this) {
            queue.add(new Pending(params, orderKey, notAfterNanos, promise, context));
            batch = take(overdue);
        }
        refuse(overdue);
        if (batch != null) {
            run(batch);
        }
        return promise.future();
    }

    /** Batches committed and executions in them since start (their ratio is the mean batch size). */
    public synchronized long[] counts() {
        return new long[]{batches, executions};
    }

    /** Executions waiting for a slot. */
    public synchronized int waiting() {
        return queue.size();
    }

    /** The next batch, or null; executions found past their bound on the way are moved to {@code overdue}. */
    private List<Pending> take(List<Pending> overdue) {
        if (queue.isEmpty() || inFlight >= maxInFlight) {
            return null;
        }
        long now = System.nanoTime();
        List<Pending> batch = new ArrayList<>(Math.min(maxBatch, queue.size()));
        for (Iterator<Pending> it = queue.iterator(); it.hasNext() && batch.size() < maxBatch; ) {
            Pending p = it.next();
            if (now - p.notAfterNanos() > 0) {
                it.remove();
                overdue.add(p);
            } else if (!busy.contains(p.orderKey())) {
                batch.add(p);
                it.remove();
            }
        }
        if (batch.isEmpty()) {
            return null; // everything waiting is held by batches in flight; their completion takes the next
        }
        inFlight++;
        batch.forEach(p -> busy.add(p.orderKey()));
        batch.sort(Comparator.comparing(Pending::orderKey));
        return batch;
    }

    private void run(List<Pending> batch) {
        Future<List<RowSet<Row>>> done = batch.size() == 1
                ? pool.preparedQuery(sql).execute(batch.getFirst().params()).map(List::of)
                : pool.withTransaction(conn -> conn.preparedQuery(sql)
                        .executeBatch(batch.stream().map(Pending::params).toList())
                        .map(GroupCommit::split));
        done.onComplete(result -> {
            // counted before anyone is answered, so that whoever holds an answer sees its batch in counts()
            List<Pending> next;
            List<Pending> overdue = new ArrayList<>();
            synchronized (this) {
                inFlight--;
                batch.forEach(p -> busy.remove(p.orderKey()));
                if (result.succeeded()) {
                    batches++;
                    executions += batch.size();
                }
                next = take(overdue);
            }
            refuse(overdue);
            if (result.succeeded()) {
                List<RowSet<Row>> rows = result.result();
                for (int i = 0; i < batch.size(); i++) {
                    complete(batch.get(i), Future.succeededFuture(rows.get(i)));
                }
            } else if (batch.size() == 1) {
                complete(batch.getFirst(), Future.failedFuture(result.cause()));
            } else {
                // nothing of the batch was committed: each execution again, alone, so only the faulty one fails
                for (Pending p : batch) {
                    pool.preparedQuery(sql).execute(p.params()).onComplete(alone -> complete(p, alone));
                }
            }
            if (next != null) {
                run(next);
            }
        });
    }

    private static void refuse(List<Pending> overdue) {
        for (Pending p : overdue) {
            complete(p, Future.failedFuture(new RelayException(503, OVERDUE)));
        }
    }

    private static List<RowSet<Row>> split(RowSet<Row> first) {
        List<RowSet<Row>> out = new ArrayList<>();
        for (RowSet<Row> r = first; r != null; r = r.next()) {
            out.add(r);
        }
        return out;
    }

    private static void complete(Pending p, AsyncResult<RowSet<Row>> result) {
        if (p.context() == null) {
            p.promise().handle(result);
        } else {
            p.context().runOnContext(v -> p.promise().handle(result));
        }
    }
}
