package dev.osiris.agent.evidence;

import dev.osiris.protocol.checkin.EvidenceHead;
import dev.osiris.protocol.evidence.ApplianceKey;
import dev.osiris.protocol.evidence.EvidenceCodec;
import dev.osiris.protocol.evidence.EvidenceRecord;
import dev.osiris.protocol.evidence.EvidenceSealer;
import dev.osiris.protocol.json.CanonicalJson;
import io.vertx.core.Future;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.regex.Pattern;

/**
 * {@link EvidenceStore} on the agent's {@link SqliteDatabase}. Sealing happens on the writer thread, in
 * commit order, so the chain tip it extends is always the previous record of the same transaction or an
 * earlier committed one; if a batch rolls back the tip returns to the last committed record.
 */
public final class SqliteEvidenceStore implements EvidenceStore, SqliteDatabase.TransactionListener {

    private static final Pattern TOKEN = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    private final SqliteDatabase db;
    private final EvidenceSealer sealer;
    private volatile EvidenceHead committed;
    // writer-thread state
    private long tipSeq;
    private String tipHash;
    private PreparedStatement insert;

    private SqliteEvidenceStore(SqliteDatabase db, ApplianceKey key, EvidenceHead head) {
        this.db = db;
        this.sealer = new EvidenceSealer(key);
        this.committed = head;
        this.tipSeq = head.seq();
        this.tipHash = head.hash();
    }

    /**
     * Opens the store, continuing the chain from its last stored record. Fails with
     * {@link IllegalStateException} when that record was not signed by {@code key} (the key file was replaced).
     */
    public static Future<SqliteEvidenceStore> open(SqliteDatabase db, ApplianceKey key) {
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
            SqliteEvidenceStore store = new SqliteEvidenceStore(db, key, head);
            db.addTransactionListener(store);
            return store;
        });
    }

    @Override
    public Future<EvidenceRecord> append(EvidenceSealer.Entry entry) {
        try {
            validate(entry);
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e);
        }
        return db.write(c -> {
            EvidenceRecord r = sealer.seal(tipSeq + 1, tipHash, entry);
            PreparedStatement ps = insert(c);
            EvidenceRows.bind(ps, r);
            ps.executeUpdate();
            tipSeq = r.seq();
            tipHash = r.hash();
            return r;
        });
    }

    private PreparedStatement insert(Connection c) throws SQLException {
        if (insert == null) {
            insert = c.prepareStatement(EvidenceSql.INSERT);
        }
        return insert;
    }

    static void validate(EvidenceSealer.Entry e) {
        if (e == null || e.time() == null || e.kind() == null || e.details() == null) {
            throw new IllegalArgumentException("an evidence entry needs time, kind and details");
        }
        if (e.host() == null || e.host().isBlank() || e.host().length() > 255) {
            throw new IllegalArgumentException("evidence host must be 1..255 characters");
        }
        if (e.checkId() == null || e.checkId().isBlank() || e.checkId().length() > 128) {
            throw new IllegalArgumentException("evidence checkId must be 1..128 characters");
        }
        if (e.outcome() == null || !TOKEN.matcher(e.outcome()).matches()) {
            throw new IllegalArgumentException("evidence outcome must be a lower-case token, got \"" + e.outcome() + "\"");
        }
        if (!e.details().isObject()) {
            throw new IllegalArgumentException("evidence details must be a JSON object");
        }
        if (CanonicalJson.encode(e.details()).length() > EvidenceRecord.MAX_DETAILS_CHARS) {
            throw new IllegalArgumentException("evidence details are larger than " + EvidenceRecord.MAX_DETAILS_CHARS + " characters");
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
    public Future<ChainReport> verify() {
        ApplianceKey.PublicKey key = sealer.publicKey();
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(EvidenceSql.ALL)) {
                ps.setFetchSize(1000);
                try (ResultSet rs = ps.executeQuery()) {
                    return new ChainAudit(key, Runtime.getRuntime().availableProcessors()).verify(iterate(rs));
                }
            }
        });
    }

    private static Iterator<EvidenceRecord> iterate(ResultSet rs) {
        return new Iterator<>() {
            private Boolean ahead;

            @Override
            public boolean hasNext() {
                if (ahead == null) {
                    try {
                        ahead = rs.next();
                    } catch (SQLException e) {
                        throw new IllegalStateException("reading evidence failed: " + e.getMessage(), e);
                    }
                }
                return ahead;
            }

            @Override
            public EvidenceRecord next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                ahead = null;
                try {
                    return EvidenceRows.read(rs);
                } catch (SQLException e) {
                    throw new IllegalStateException("reading evidence failed: " + e.getMessage(), e);
                }
            }
        };
    }

    @Override
    public ApplianceKey.PublicKey publicKey() {
        return sealer.publicKey();
    }

    @Override
    public Future<Void> close() {
        return db.close();
    }
}
