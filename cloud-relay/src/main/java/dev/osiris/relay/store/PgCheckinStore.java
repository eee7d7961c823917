package dev.osiris.relay.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.protocol.checkin.CheckinRequest;
import dev.osiris.protocol.checkin.ComplianceReport;
import dev.osiris.protocol.checkin.EvidenceHead;
import dev.osiris.protocol.checkin.Order;
import dev.osiris.protocol.json.Json;
import dev.osiris.relay.RelayException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link CheckinStore} on PostgreSQL: one statement per check-in, all or nothing; check-ins that arrive while
 * others are committing share their transaction ({@link GroupCommit}), so that the relay pays one round trip and
 * one WAL flush per batch rather than per check-in. The profile behind this is in {@code cloud-relay/PERFORMANCE.md}.
 */
public final class PgCheckinStore implements CheckinStore {

    /** Why a check-in or bundle of an appliance whose key was revoked (or which was removed) is refused at commit. */
    public static final String REVOKED = "this appliance's API key has been revoked";

    /** Most check-ins in one transaction: large enough to carry a herd, small enough to keep a batch short. */
    static final int MAX_BATCH = 128;

    /**
     * Longest time a steady appliance goes without a history row: the portal's score chart reads the history, and
     * 15 minutes is the default scan interval, so a steady site still draws a point per scan.
     */
    public static final Duration HISTORY_INTERVAL = Duration.ofMinutes(15);

    private final Pool pool;
    private final GroupCommit plain;
    private final GroupCommit full;
    private final int historySeconds;

    /** @param maxTransactions check-in transactions at once; the pool's other connections serve other queries */
    public PgCheckinStore(Pool pool, int maxTransactions) {
        this(pool, maxTransactions, HISTORY_INTERVAL);
    }

    /** @param historyInterval longest time between two history rows of an appliance whose state does not change */
    public PgCheckinStore(Pool pool, int maxTransactions, Duration historyInterval) {
        if (historyInterval.isNegative() || historyInterval.toSeconds() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("historyInterval must be between 0 and " + Integer.MAX_VALUE + " s");
        }
        this.historySeconds = (int) historyInterval.toSeconds();
        this.pool = pool;
        this.plain = new GroupCommit(pool, CheckinSql.RECORD_PLAIN, MAX_BATCH, maxTransactions);
        // reports with acknowledgements or incidents are few: they share fewer connections
        this.full = new GroupCommit(pool, CheckinSql.RECORD, MAX_BATCH, Math.max(1, maxTransactions / 2));
    }

    /** The group commit of the common report (acknowledging nothing, raising nothing), for the metrics. */
    public GroupCommit commits() {
        return plain;
    }

    @Override
    public Future<Outcome> record(String applianceId, CheckinRequest r, Optional<String> defaultRecipient,
                                  long notAfterNanos) {
        String compliance = r.compliance().computedAt() == null ? null : Json.text(r.compliance().toJson());
        String clock = r.clock() == null ? null : Json.text(r.clock().toJson());
        String scan = Json.text(r.scan().toJson());
        String transports = Json.text(transports(r));
        Buffer digest = HistoryDigest.of(r, scan, compliance, transports);
        List<Object> common = List.of(applianceId, r.seq(), OffsetDateTime.ofInstant(r.sentAt(), ZoneOffset.UTC),
                r.agentVersion(), r.uptimeSeconds(), r.bootPartition(), r.status(), r.statusDetail(),
                scan, r.evidenceHead().seq(), r.evidenceHead().hash());
        Tuple params = Tuple.from(common);
        GroupCommit commits;
        if (r.ackedOrders().isEmpty() && r.incidents().isEmpty() && r.ackedResolutions().isEmpty()) {
            commits = plain;
            params.addValue(compliance).addValue(transports).addValue(clock).addValue(digest)
                    .addValue(historySeconds);
        } else {
            commits = full;
            ArrayNode incidents = Json.MAPPER.createArrayNode();
            r.incidents().forEach(i -> incidents.add(i.toJson()));
            params.addValue(r.ackedOrders().toArray(String[]::new))
                    .addValue(compliance)
                    .addValue(Json.text(incidents))
                    .addValue(r.ackedResolutions().toArray(String[]::new))
                    .addValue(defaultRecipient.orElse(null))
                    .addValue(transports)
                    .addValue(clock)
                    .addValue(digest);
        }
        return commits.execute(params, applianceId, notAfterNanos).map(rows -> {
            if (rows.size() == 0) {
                // authenticated from a cached identity, but the commit found the key revoked: the database, not the
                // cache, has the last word, so a revocation holds at once on every relay
                throw RelayException.unauthorized(REVOKED);
            }
            Row row = rows.iterator().next();
            EvidenceHead head = new EvidenceHead(row.getLong("evidence_seq"), row.getString("evidence_hash"));
            Object orders = row.getValue("orders");
            Object resolutions = row.getValue("resolutions");
            return new Outcome(head, orders == null ? List.of() : orders(orders.toString()),
                    resolutions == null ? List.of() : PgIncidentStore.resolutions(resolutions.toString()),
                    row.getBoolean("credentials_due"));
        });
    }

    @Override
    public Future<ComplianceReport> compliance(Tenant tenant, String siteId) {
        return pool.preparedQuery(CheckinSql.COMPLIANCE).execute(Tuple.of(siteId, tenant.partnerId())).map(rows -> {
            if (rows.size() == 0) {
                throw RelayException.notFound("site " + siteId + " not found");
            }
            String json = rows.iterator().next().getString("compliance");
            return json == null ? ComplianceReport.EMPTY
                    : ComplianceReport.fromJson(Json.parseObject(json), "checkins.compliance");
        });
    }

    @Override
    public Future<Integer> dropHistory(Instant receivedBefore, int max) {
        return pool.preparedQuery(CheckinSql.DELETE_HISTORY)
                .execute(Tuple.of(OffsetDateTime.ofInstant(receivedBefore, ZoneOffset.UTC), max))
                .map(rows -> (int) rows.iterator().next().getLong("dropped").longValue());
    }

    private static ArrayNode transports(CheckinRequest r) {
        ArrayNode array = Json.MAPPER.createArrayNode();
        r.transports().forEach(t -> array.add(t.toJson()));
        return array;
    }

    private static List<Order> orders(String json) {
        JsonNode array;
        try {
            array = Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("unreadable orders from the database", e);
        }
        List<Order> out = new ArrayList<>(array.size());
        for (JsonNode o : array) {
            out.add(new Order(o.get("id").textValue(), o.get("type").textValue(), (ObjectNode) o.get("payload"),
                    Instant.ofEpochMilli(o.get("issuedAtMillis").longValue())));
        }
        return out;
    }
}
