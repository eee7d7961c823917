package dev.osiris.agent.evidence;

import dev.osiris.protocol.checkin.EvidenceHead;
import dev.osiris.protocol.evidence.ApplianceKey;
import dev.osiris.protocol.evidence.EvidenceCodec;
import dev.osiris.protocol.evidence.EvidenceRecord;
import dev.osiris.protocol.evidence.EvidenceSealer;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@link EvidenceStore} on the agent's {@link SqliteDatabase}. Appends queue up and are sealed in groups on
 * the writer thread, in commit order, so the chain tip a group extends is always the previous group of the
 * same transaction or an earlier committed one; if a transaction rolls back the tip returns to the last
 * committed record and every append in it fails.
 */
public final class SqliteEvidenceStore implements EvidenceStore, SqliteDatabase.TransactionListener {

    private static final int MAX_GROUP = 4096;

    private final SqliteDatabase db;
    private final EvidenceSealer sealer;
    private final BatchSealer batchSealer;
    /** Signatures are CPU-bound and independent per record: this store's pool, sized to the machine. */
    private final ForkJoinPool signers = new ForkJoinPool(Runtime.getRuntime().availableProcessors());
    private final ConcurrentLinkedQueue<PendingAppend> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean flushScheduled = new AtomicBoolean();
    private final ClockMark clockMark;
    private volatile EvidenceHead committed;
    // writer-thread state
    private long tipSeq;
    private String tipHash;
    private PreparedStatement insert;

    private SqliteEvidenceStore(SqliteDatabase db, ApplianceKey key, EvidenceHead head, ClockMark clockMark) {
        this.db = db;
        this.clockMark = clockMark;
        this.sealer = new EvidenceSealer(key);
        this.batchSealer = new BatchSealer(key, signers);
        this.committed = head;
        this.tipSeq = head.seq();
        this.tipHash = head.hash();
    }

    /**
     * Opens the store, continuing the chain from its last stored record. Fails with
     * {@link IllegalStateException} when that record was not signed by {@code key} (the key file was replaced).
     */
    public static Future<SqliteEvidenceStore> open(SqliteDatabase db, ApplianceKey key) {
        return open(db, key, ClockMark.NONE);
    }

    /** The same, marking each entry recorded while {@code clockMark} says the clock is untrusted. */
    public static Future<SqliteEvidenceStore> open(SqliteDatabase db, ApplianceKey key, ClockMark clockMark) {
        return db.write(c -> {
            EvidenceHead head = EvidenceHead.EMPTY;
            try (PreparedStatement ps = c.prepareStatement(EvidenceSql.LAST); ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    EvidenceRecord last = EvidenceRows.read(rs);
                    if (!key.publicKey().verifyBase64(EvidenceCodec.unhex(last.hash()), last.signature())) {
                        throw new IllegalStateException("evidence database " + db.file() + " was signed by a different"
                                + " appliance key than " + key.publicKey() + " (record " + last.seq() + "); refusing to"
                                + " extend it. Restore the original appliance.key.");
                    }
                    head = new EvidenceHead(last.seq(), last.hash());
                }
            }
            SqliteEvidenceStore store = new SqliteEvidenceStore(db, key, head, clockMark);
            db.addTransactionListener(store);
            return store;
        });
    }

    @Override
    public Future<EvidenceRecord> append(EvidenceSealer.Entry unmarked) {
        EvidenceSealer.Entry entry = marked(unmarked);
        try {
            EntryRules.validate(entry);
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e);
        }
        PendingAppend pending = new PendingAppend(entry, Vertx.currentContext());
        queue.add(pending);
        scheduleFlush();
        return pending.promise.future();
    }

    /**
     * The entry with the clock's mark in its details (a copy: the caller's object stays as it was), before it is
     * validated and sealed, so the mark is part of the signed canonical form like any other detail.
     */
    private EvidenceSealer.Entry marked(EvidenceSealer.Entry e) {
        com.fasterxml.jackson.databind.node.ObjectNode mark = clockMark.mark();
        if (mark == null || e == null || !(e.details() instanceof com.fasterxml.jackson.databind.node.ObjectNode d)
                || d.has("clock")) {
            return e;
        }
        com.fasterxml.jackson.databind.node.ObjectNode details = d.deepCopy();
        details.set("clock", mark);
        return new EvidenceSealer.Entry(e.time(), e.host(), e.checkId(), e.kind(), e.outcome(), details);
    }

    private void scheduleFlush() {
        if (flushScheduled.compareAndSet(false, true)) {
            List<PendingAppend> taken = new ArrayList<>();
            db.writeDetached(c -> flush(c, taken)).onComplete(ar -> {
                if (ar.succeeded()) {
                    taken.forEach(PendingAppend::succeed);
                } else {
                    taken.forEach(p -> p.fail(ar.cause()));
                }
            });
        }
    }

    /**
     * Group commit: on the writer thread, takes every append that has arrived, seals them onto the chain and
     * inserts them; they commit together with whatever else the writer batched, and only then are their
     * futures completed. Appends arriving meanwhile schedule the next flush.
     */
    private Void flush(Connection c, List<PendingAppend> taken) throws SQLException {
        flushScheduled.set(false);
        for (PendingAppend p; taken.size() < MAX_GROUP && (p = queue.poll()) != null; ) {
            taken.add(p);
        }
        if (!queue.isEmpty()) {
            scheduleFlush();
        }
        if (taken.isEmpty()) {
            return null;
        }
        EvidenceRecord[] sealed = batchSealer.seal(tipSeq, tipHash, taken.stream().map(p -> p.entry).toList());
        PreparedStatement ps = insert(c);
        for (int i = 0; i < sealed.length; i++) {
            EvidenceRows.bind(ps, sealed[i]);
            ps.addBatch();
            taken.get(i).record = sealed[i];
        }
        ps.executeBatch();
        tipSeq = sealed[sealed.length - 1].seq();
        tipHash = sealed[sealed.length - 1].hash();
        return null;
    }

    private PreparedStatement insert(Connection c) throws SQLException {
        if (insert == null) {
            insert = c.prepareStatement(EvidenceSql.INSERT);
        }
        return insert;
    }

    /** An append waiting for its group's commit; completed on the caller's context. */
    private static final class PendingAppend {
        final EvidenceSealer.Entry entry;
        final Context context;
        final Promise<EvidenceRecord> promise = Promise.promise();
        EvidenceRecord record;

        PendingAppend(EvidenceSealer.Entry entry, Context context) {
            this.entry = entry;
            this.context = context;
        }

        void succeed() {
            if (context == null) {
                promise.complete(record);
            } else {
                context.runOnContext(v -> promise.complete(record));
            }
        }

        void fail(Throwable cause) {
            if (context == null) {
                promise.fail(cause);
            } else {
                context.runOnContext(v -> promise.fail(cause));
            }
        }
    }

    @Override
    public void committed() {
        if (committed.seq() != tipSeq) {
            committed = new EvidenceHead(tipSeq, tipHash);
        }
    }

    @Override
    public void rolledBack() {
        tipSeq = committed.seq();
        tipHash = committed.hash();
    }

    @Override
    public EvidenceHead head() {
        return committed;
    }

    @Override
    public Future<List<EvidenceRecord>> range(long afterSeq, int limit) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(EvidenceSql.RANGE)) {
                ps.setLong(1, afterSeq);
                ps.setInt(2, limit);
                List<EvidenceRecord> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(EvidenceRows.read(rs));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public Future<EvidenceRecord> get(long seq) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(EvidenceSql.ONE)) {
                ps.setLong(1, seq);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? EvidenceRows.read(rs) : null;
                }
            }
        });
    }

    @Override
    public Future<Long> count() {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(EvidenceSql.COUNT); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    @Override
    public Future<Long> uploadedThrough() {
        return db.read(c -> SyncState.get(c, EvidenceSql.UPLOADED_THROUGH));
    }

    @Override
    public Future<Void> markUploadedThrough(long seq) {
        return db.write(c -> {
            SyncState.raise(c, EvidenceSql.UPLOADED_THROUGH, seq);
            return null;
        });
    }

    @Override
    public Future<EvidenceRecord> appendOnce(String key, long version, EvidenceSealer.Entry entry) {
        String name = EvidenceSql.ONCE + key;
        return db.read(c -> SyncState.get(c, name)).compose(recorded -> recorded == version
                ? Future.<EvidenceRecord>succeededFuture(null)
                : append(entry).compose(r -> db.write(c -> {
                    SyncState.set(c, name, version);
                    return r;
                })));
    }

    @Override
    public Future<Boolean> recordedOnce(String key, long version) {
        String name = EvidenceSql.ONCE + key;
        return db.read(c -> SyncState.get(c, name) == version);
    }

    @Override
    public Future<ChainReport> verify() {
        ApplianceKey.PublicKey key = sealer.publicKey();
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(EvidenceSql.ALL)) {
                ps.setFetchSize(1000);
                try (ResultSet rs = ps.executeQuery()) {
                    return new ChainAudit(key, Runtime.getRuntime().availableProcessors()).verify(EvidenceRows.iterate(rs));
                }
            }
        });
    }

    @Override
    public ApplianceKey.PublicKey publicKey() {
        return sealer.publicKey();
    }

    @Override
    public Future<Void> close() {
        return db.close().andThen(ar -> signers.shutdown());
    }
}
