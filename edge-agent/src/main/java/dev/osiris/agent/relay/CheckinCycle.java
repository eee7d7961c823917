package dev.osiris.agent.relay;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.agent.evidence.Entries;
import dev.osiris.agent.evidence.EvidenceStore;
import dev.osiris.protocol.checkin.CheckinRequest;
import dev.osiris.protocol.checkin.CheckinResponse;
import dev.osiris.protocol.checkin.ComplianceReport;
import dev.osiris.protocol.checkin.Order;
import dev.osiris.protocol.checkin.ScanSummary;
import dev.osiris.protocol.checkin.TargetTransport;
import dev.osiris.protocol.evidence.EvidenceKind;
import dev.osiris.protocol.json.CanonicalJson;
import dev.osiris.protocol.json.Json;
import io.vertx.core.Future;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * One check-in cycle: store a new report in the outbox first, deliver every pending report in order, keep
 * the relay's answer in memory (recording a config change in evidence), then upload evidence.
 * Fails with a {@link RelayException} when the relay cannot be reached or refuses.
 */
public final class CheckinCycle {

    /** Facts about this agent that go into each report. */
    public record Identity(String agentVersion, String bootPartition, String publicKey, LongSupplier uptimeSeconds) {
    }

    private static final Set<Integer> DROPPABLE = Set.of(400, 413, 422);

    private final Outbox outbox;
    private final RelayClient client;
    private final EvidenceStore store;
    private final LinkState state;
    private final Entries entries;
    private final Identity identity;
    private final Clock clock;
    private final EvidenceUploader uploader;
    private final Runnable changed;
    private final OrderHandler orders;
    private final SiteReport site;

    public CheckinCycle(Outbox outbox, RelayClient client, EvidenceStore store, LinkState state, Entries entries,
                        Identity identity, Clock clock, int bundleMax, Runnable changed, OrderHandler orders,
                        SiteReport site) {
        this.orders = orders;
        this.site = site;
        this.outbox = outbox;
        this.client = client;
        this.store = store;
        this.state = state;
        this.entries = entries;
        this.identity = identity;
        this.clock = clock;
        this.changed = changed;
        this.uploader = new EvidenceUploader(store, client, state, entries, bundleMax, changed);
    }

    public Future<Void> run() {
        List<String> acks = List.copyOf(state.pendingAcks);
        return site.state()
                .compose(now -> outbox.add((seq, connection) -> report(seq, acks, now, site.escalations(connection))))
                .compose(depth -> {
                    state.pendingAcks.removeAll(acks);
                    state.outboxDepth = depth;
                    changed.run();
                    return drain(null);
                })
                .compose(response -> apply(response).map(response))
                .compose(response -> uploader.upload(response.evidenceHead()));
    }

    private CheckinRequest report(long seq, List<String> acks, SiteReport.State now, SiteReport.Escalations escalations) {
        String status;
        String detail;
        if (state.config == null) {
            status = "no-credentials";
            detail = "no configuration from the relay since the agent started";
        } else if (state.refusedSeq > 0) {
            status = "degraded";
            detail = state.refusedError;
        } else {
            status = "ok";
            detail = "";
        }
        return new CheckinRequest(seq, clock.instant(), identity.agentVersion(), identity.uptimeSeconds().getAsLong(),
                identity.bootPartition(), identity.publicKey(), status, detail, now.scan(), store.head(), acks,
                escalations.incidents(), now.compliance(), escalations.ackedResolutions(),
                state.config == null ? List.of() : state.config.targets().stream().map(TargetTransport::of).toList());
    }

    private Future<CheckinResponse> drain(CheckinResponse last) {
        return outbox.oldest(100).compose(pending -> pending.isEmpty()
                ? (last == null
                        ? Future.failedFuture(RelayException.status(400, "check-in: the relay refused every pending report"))
                        : Future.succeededFuture(last))
                : send(pending, 0, last).compose(this::drain));
    }

    private Future<CheckinResponse> send(List<Outbox.Pending> pending, int i, CheckinResponse last) {
        if (i == pending.size()) {
            return Future.succeededFuture(last);
        }
        Outbox.Pending p = pending.get(i);
        return client.checkin(p.body())
                .compose(response -> removed(p, response), e -> {
                    if (e instanceof RelayException re && DROPPABLE.contains(re.status())) {
                        return dropped(p, re).map(last);
                    }
                    return Future.failedFuture(e);
                })
                .compose(response -> send(pending, i + 1, response == null ? last : response));
    }

    private Future<CheckinResponse> removed(Outbox.Pending p, CheckinResponse response) {
        return outbox.remove(p.seq()).map(depth -> {
            state.outboxDepth = depth;
            return response;
        });
    }

    /** A report the relay will never accept must not block the ones behind it; the drop is evidence. */
    private Future<Void> dropped(Outbox.Pending p, RelayException e) {
        ObjectNode details = Json.object().put("reportSeq", p.seq()).put("status", e.status()).put("error", e.getMessage());
        return store.append(entries.appliance(EvidenceKind.CHECKIN, "checkin.rejected", "error", details))
                .compose(r -> outbox.remove(p.seq()))
                .map(depth -> {
                    state.outboxDepth = depth;
                    return null;
                });
    }

    private Future<Void> apply(CheckinResponse response) {
        state.config = response;
        state.noCredentialsRecorded = false;
        List<Future<?>> records = new ArrayList<>();
        ObjectNode nonSecret = ConfigEvidence.of(response);
        String fingerprint = CanonicalJson.encode(nonSecret);
        if (!fingerprint.equals(state.configFingerprint)) {
            state.configFingerprint = fingerprint;
            records.add(store.append(entries.appliance(EvidenceKind.CONFIG, "config.received", "changed", nonSecret)));
        }
        for (Order order : response.orders()) {
            if (state.seenOrders.add(order.id())) {
                state.pendingAcks.add(order.id());
                String outcome = orders.accept(order);
                ObjectNode details = Json.object().put("orderId", order.id()).put("type", order.type())
                        .put("issuedAt", order.issuedAt().toString());
                if (outcome.equals("unsupported")) {
                    details.put("note", "this agent version does not carry out " + order.type()
                            + " orders; acknowledged so the relay stops resending");
                }
                records.add(store.append(entries.appliance(EvidenceKind.AGENT, "order." + order.type(), outcome, details)));
            }
        }
        changed.run();
        if (!response.resolutions().isEmpty()) {
            site.resolutions(response.resolutions());
        }
        return Future.all(records).mapEmpty();
    }
}
