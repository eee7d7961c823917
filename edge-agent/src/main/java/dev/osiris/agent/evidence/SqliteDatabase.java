package dev.osiris.agent.evidence;

import dev.osiris.agent.datadir.OwnerOnly;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.sqlite.SQLiteConfig;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The agent's one SQLite database: a single writer thread owns the write connection and commits whatever
 * work has queued up together in one transaction (group commit); a single reader thread owns a second,
 * read-only connection (WAL lets it read while the writer commits). Futures complete on the caller's
 * Vert.x context when there is one, and a write's future completes only after its transaction committed.
 *
 * <p>Write work must fail only for storage reasons: any exception rolls back the whole batch it was
 * committed with, and every future of that batch fails with it.
 */
public final class SqliteDatabase {

    /** Work against a JDBC connection, run on the database's own thread. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws Exception;
    }

    /** Told on the writer thread after each batch commits or rolls back, before any future of the batch completes. */
    public interface TransactionListener {
        void committed();

        void rolledBack();
    }

    private static final int MAX_BATCH = 4096;
    /**
     * Page cache per connection, in KiB (SQLite's default is about 2 MiB). Appends touch only the last pages of the
     * tables and their indexes, and a chain audit reads in order, so a larger cache buys nothing but resident
     * memory on a thin client; written down so that the two connections' share of the agent's RSS is a known bound.
     */
    static final int PAGE_CACHE_KIB = 1024;

    private final Path file;
    private final EvidenceSync sync;
    private final BlockingQueue<Task<?>> writes = new LinkedBlockingQueue<>();
    private final List<TransactionListener> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService reader;
    private final Thread writer;
    private final Promise<Void> closed = Promise.promise();
    private Connection readConnection;
    private volatile boolean closing;

    private SqliteDatabase(Path file, EvidenceSync sync) {
        this.file = file;
        this.sync = sync;
        this.reader = Executors.newSingleThreadExecutor(r -> daemon(r, "osiris-sqlite-reader"));
        this.writer = daemon(this::writeLoop, "osiris-sqlite-writer");
    }

    /**
     * Opens (creating if needed) the database and applies migrations, on the writer thread.
     * The future fails with the {@link SQLException} when the file cannot be opened or migrated.
     */
    public static Future<SqliteDatabase> open(Path file, EvidenceSync sync) {
        SqliteDatabase db = new SqliteDatabase(file, sync);
        db.writer.start();
        return db.write(c -> {
            Migrations.apply(c);
            return db;
        });
    }

    public void addTransactionListener(TransactionListener listener) {
        listeners.add(listener);
    }

    /** Runs work in the writer's next transaction; fails with the work's exception or the commit's. */
    public <T> Future<T> write(Work<T> work) {
        Task<T> task = new Task<>(work, Vertx.currentContext());
        if (closing) {
            return Future.failedFuture(new IllegalStateException("evidence database " + file + " is closed"));
        }
        writes.add(task);
        return task.promise.future();
    }

    /**
     * Like {@link #write} but the future completes on the writer thread itself, right after the commit; for
     * callers that dispatch results to their own contexts. Handlers must be quick and must not block.
     */
    public <T> Future<T> writeDetached(Work<T> work) {
        Task<T> task = new Task<>(work, null);
        if (closing) {
            return Future.failedFuture(new IllegalStateException("evidence database " + file + " is closed"));
        }
        writes.add(task);
        return task.promise.future();
    }

    /** Runs work on the reader's connection, which sees every committed write. */
    public <T> Future<T> read(Work<T> work) {
        Task<T> task = new Task<>(work, Vertx.currentContext());
        try {
            reader.execute(() -> {
                try {
                    task.succeed(work.run(readConnection()));
                } catch (Throwable e) {
                    task.fail(e);
                }
            });
        } catch (RejectedExecutionException e) {
            return Future.failedFuture(new IllegalStateException("evidence database " + file + " is closed"));
        }
        return task.promise.future();
    }

    /** Finishes queued writes, then closes both connections. */
    public Future<Void> close() {
        if (!closing) {
            closing = true;
            writes.add(Task.POISON);
            reader.execute(this::closeReader);
            reader.shutdown();
        }
        Context context = Vertx.currentContext();
        if (context == null) {
            return closed.future();
        }
        Promise<Void> onCaller = Promise.promise();
        closed.future().onComplete(ar -> context.runOnContext(v -> onCaller.handle(ar)));
        return onCaller.future();
    }

    public Path file() {
        return file;
    }

    private Connection readConnection() throws SQLException {
        if (readConnection == null) {
            SQLiteConfig config = baseConfig();
            config.setReadOnly(true);
            readConnection = config.createConnection("jdbc:sqlite:" + file);
        }
        return readConnection;
    }

    /**
     * Creates the database file 0600 before SQLite does (it would use 0644 less the umask): SQLite gives its -wal
     * and -shm files the database file's mode. Files an older version left wider are narrowed.
     */
    private void ownerOnly() throws java.io.IOException {
        OwnerOnly.file(file);
        OwnerOnly.narrowIfExists(file.resolveSibling(file.getFileName() + "-wal"));
        OwnerOnly.narrowIfExists(file.resolveSibling(file.getFileName() + "-shm"));
    }

    private void closeReader() {
        try {
            if (readConnection != null) {
                readConnection.close();
            }
        } catch (SQLException ignored) {
            // closing a read-only connection loses nothing
        }
    }

    private SQLiteConfig baseConfig() {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(sync == EvidenceSync.FULL ? SQLiteConfig.SynchronousMode.FULL : SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(10_000);
        config.setCacheSize(-PAGE_CACHE_KIB); // negative: KiB, not pages
        return config;
    }

    private void writeLoop() {
        Connection connection;
        try {
            ownerOnly();
            connection = baseConfig().createConnection("jdbc:sqlite:" + file);
            connection.setAutoCommit(false);
        } catch (Throwable e) {
            failAllForever(e);
            return;
        }
        List<Task<?>> batch = new ArrayList<>();
        try {
            while (true) {
                batch.add(writes.take());
                writes.drainTo(batch, MAX_BATCH - 1);
                boolean stop = batch.remove(Task.POISON);
                if (!batch.isEmpty()) {
                    runBatch(connection, batch);
                }
                batch.clear();
                if (stop) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // the WAL is consistent after the last commit
            }
            closed.tryComplete();
        }
    }

    private void runBatch(Connection connection, List<Task<?>> batch) {
        Object[] results = new Object[batch.size()];
        try {
            for (int i = 0; i < batch.size(); i++) {
                results[i] = batch.get(i).work.run(connection);
            }
            connection.commit();
        } catch (Throwable e) {
            try {
                connection.rollback();
            } catch (SQLException ignored) {
                // the original failure is the one to report
            }
            listeners.forEach(TransactionListener::rolledBack);
            batch.forEach(t -> t.fail(e));
            return;
        }
        listeners.forEach(TransactionListener::committed);
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).succeedUnchecked(results[i]);
        }
    }

    private void failAllForever(Throwable e) {
        closing = true;
        while (true) {
            Task<?> t = writes.poll();
            if (t == null) {
                break;
            }
            if (t != Task.POISON) {
                t.fail(e);
            }
        }
        closed.tryComplete();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private static final class Task<T> {
        static final Task<Object> POISON = new Task<>(c -> null, null);

        final Work<T> work;
        final Context context;
        final Promise<T> promise = Promise.promise();

        Task(Work<T> work, Context context) {
            this.work = work;
            this.context = context;
        }

        @SuppressWarnings("unchecked")
        void succeedUnchecked(Object value) {
            succeed((T) value);
        }

        void succeed(T value) {
            if (context == null) {
                promise.complete(value);
            } else {
                context.runOnContext(v -> promise.complete(value));
            }
        }

        void fail(Throwable e) {
            if (context == null) {
                promise.fail(e);
            } else {
                context.runOnContext(v -> promise.fail(e));
            }
        }
    }
}
