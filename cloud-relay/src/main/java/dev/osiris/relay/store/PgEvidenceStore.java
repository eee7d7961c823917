package dev.osiris.relay.store;

import dev.osiris.protocol.checkin.EvidenceHead;
import dev.osiris.protocol.evidence.ApplianceKey;
import dev.osiris.protocol.evidence.EvidenceBundle;
import dev.osiris.protocol.evidence.EvidenceRecord;
import dev.osiris.relay.RelayException;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@link EvidenceStore} on PostgreSQL; signatures are verified on a worker while the appliance row stays locked. */
public final class PgEvidenceStore implements EvidenceStore {

    public static final String PIN_MISMATCH = "appliance key does not match the pinned key; an operator must rotate it";

    private static final String LOCK = "SELECT public_key, evidence_seq, evidence_hash, key_revoked_at IS NOT NULL"
            + " AS revoked FROM appliances WHERE id = $1 FOR UPDATE";
    private static final String STORED_HASHES = "SELECT seq, hash FROM evidence"
            + " WHERE appliance_id = $1 AND seq BETWEEN $2 AND $3";
    private static final String INSERT = "INSERT INTO evidence (appliance_id, seq, time, host, check_id, kind,"
            + " outcome, details, prev_hash, hash, signature)"
            + " SELECT $1, * FROM unnest($2::bigint[], $3::timestamptz[], $4::text[], $5::text[], $6::text[],"
            + " $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])";
    // The relay's role may not update heads itself: this function checks the new head extends the stored chain.
    private static final String MOVE_HEAD = "SELECT evidence_advance_head($1, $2, $3)";
    private static final String LIST = "SELECT seq, time, host, check_id, kind, outcome, details, prev_hash, hash,"
            + " signature FROM evidence WHERE appliance_id = $1 AND seq > $2 ORDER BY seq LIMIT $3";

    private final Pool pool;
    private final WorkerExecutor verifier;

    /** @param verifier where signature checks run: they are too slow for an event loop on large bundles */
    public PgEvidenceStore(Pool pool, WorkerExecutor verifier) {
        this.pool = pool;
        this.verifier = verifier;
    }

    @Override
    public Future<Appended> append(String applianceId, EvidenceBundle bundle) {
        return pool.withTransaction(conn -> conn.preparedQuery(LOCK).execute(Tuple.of(applianceId))
                .compose(rows -> {
                    if (rows.size() == 0) {
                        throw RelayException.notFound("appliance " + applianceId + " not found");
                    }
                    Row row = rows.iterator().next();
                    if (row.getBoolean("revoked")) {
                        throw RelayException.unauthorized(PgCheckinStore.REVOKED); // the cache may not know yet
                    }
                    String pinned = row.getString("public_key");
                    if (pinned == null) {
                        throw RelayException.conflict("check in first");
                    }
                    if (!pinned.equals(bundle.publicKey())) {
                        throw RelayException.unauthorized(PIN_MISMATCH);
                    }
                    EvidenceHead head = new EvidenceHead(row.getLong("evidence_seq"), row.getString("evidence_hash"));
                    ApplianceKey.PublicKey key = ApplianceKey.PublicKey.fromBase64(pinned);
                    return storedHashes(conn, applianceId, bundle, head)
                            .compose(hashes -> verifier.executeBlocking(
                                    () -> BundleCheck.plan(bundle, key, head, hashes), false));
                })
                .compose(plan -> plan.toStore().isEmpty() ? Future.succeededFuture(plan)
                        : insert(conn, applianceId, plan).map(plan)))
                .map(plan -> new Appended(plan.toStore().size(), plan.duplicates(), plan.head()));
    }

    private static Future<Map<Long, String>> storedHashes(SqlConnection conn, String applianceId, EvidenceBundle bundle,
                                                          EvidenceHead head) {
        if (bundle.firstSeq() > head.seq()) {
            return Future.succeededFuture(Map.of());
        }
        long last = Math.min(bundle.lastSeq(), head.seq());
        return conn.preparedQuery(STORED_HASHES).execute(Tuple.of(applianceId, bundle.firstSeq(), last)).map(rows -> {
            Map<Long, String> hashes = new HashMap<>();
            rows.forEach(r -> hashes.put(r.getLong("seq"), r.getString("hash")));
            return hashes;
        });
    }

    private static Future<Void> insert(SqlConnection conn, String applianceId, BundleCheck.Plan plan) {
        List<EvidenceRecord> records = plan.toStore();
        int n = records.size();
        Long[] seq = new Long[n];
        OffsetDateTime[] time = new OffsetDateTime[n];
        String[][] text = new String[8][n];
        for (int i = 0; i < n; i++) {
            EvidenceRecord r = records.get(i);
            seq[i] = r.seq();
            time[i] = OffsetDateTime.ofInstant(r.time(), ZoneOffset.UTC);
            String[] fields = {r.host(), r.checkId(), r.kind(), r.outcome(), r.details(), r.prevHash(), r.hash(),
                    r.signature()};
            for (int f = 0; f < fields.length; f++) {
                text[f][i] = fields[f];
            }
        }
        Tuple params = Tuple.of(applianceId, seq, time, text[0], text[1], text[2], text[3], text[4], text[5], text[6],
                text[7]);
        return conn.preparedQuery(INSERT).execute(params)
                .compose(ignored -> conn.preparedQuery(MOVE_HEAD)
                        .execute(Tuple.of(applianceId, plan.head().seq(), plan.head().hash())))
                .mapEmpty();
    }

    @Override
    public Future<List<EvidenceRecord>> list(String applianceId, long afterSeq, int limit) {
        return pool.preparedQuery(LIST).execute(Tuple.of(applianceId, afterSeq, limit)).map(rows -> {
            List<EvidenceRecord> out = new ArrayList<>(rows.size());
            for (Row r : rows) {
                out.add(new EvidenceRecord(r.getLong("seq"), r.getOffsetDateTime("time").toInstant(),
                        r.getString("host"), r.getString("check_id"), r.getString("kind"), r.getString("outcome"),
                        r.getString("details"), r.getString("prev_hash"), r.getString("hash"),
                        r.getString("signature")));
            }
            return out;
        });
    }
}
