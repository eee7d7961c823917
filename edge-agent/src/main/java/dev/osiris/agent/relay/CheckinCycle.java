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
 * the relay's answer in memory (recording a config change in evidence), then upload evidence. A report the relay
 * refuses as malformed is set aside (kept, with a signed evidence record saying why) so that it never blocks the
 * ones behind it; its incidents go into the next report, or are held for a person. An answer whose credentials the
 * relay withheld (it had answered that report before) leaves the targets held as they are.
 * Fails with a {@link RelayException} when the relay cannot be reached or refuses.
 */
public final class CheckinCycle {

    /** Facts about this agent that go into each report. */
    public record Identity(String agentVersion, String bootPartition, String publicKey, LongSupplier uptimeSeconds) {
    }

    private static final Set<Integer> DROPPABLE = Set.of(400, 413, 422);
    /**
     * Fresh reports one cycle may make after every pending one was refused: the first carries what the refused ones
     * handed back, the second what is left once an incident refused twice is held.
     */
    private static final int FRESH_REPORTS_AFTER_REFUSAL = 2;

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
        return addReport()
                .compose(v -> drain(null, FRESH_REPORTS_AFTER_REFUSAL))
                .compose(response -> apply(response).map(response))
                .compose(response -> uploader.upload(response.evidenceHead()));
    }

    /** Makes the next report, with whatever incidents and acknowledgements are pending, and stores it. */
    private Future<Void> addReport() {
        List<String> acks = List.copyOf(state.pendingAcks);
        return site.state()
                .compose(now -> outbox.add((seq, connection) -> report(seq, acks, now, site.escalations(connection))))
                .map(depth -> {
                    state.pendingAcks.removeAll(acks);
                    state.outboxDepth = depth;
                    changed.run();
                    return null;
                });
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
        } else if (!state.heldIncidents.isEmpty()) {
            status = "degraded";
            detail = state.heldDetail();
        } else {
            status = "ok";
            detail = "";
        }
        return new CheckinRequest(seq, clock.instant(), identity.agentVersion(), identity.uptimeSeconds().getAsLong(),
                identity.bootPartition(), identity.publicKey(), status,
                WireText.freeText(detail == null ? "" : detail, CheckinRequest.MAX_STATUS_DETAIL), now.scan(),
                store.head(), acks, escalations.incidents(), now.compliance(), escalations.ackedResolutions(),
                state.config == null ? List.of() : state.config.targets().stream().map(TargetTransport::of).toList(),
                state.config == null ? 0 : state.config.configVersion());
    }

    /**
     * Sends every pending report in order. When all were refused, a fresh report is made (at most {@code fresh}
     * times), so that what the refused ones handed back (incidents, acknowledgements) goes out in this cycle rather
     * than after a backoff.
     */
    private Future<CheckinResponse> drain(CheckinResponse last, int fresh) {
        return outbox.oldest(100).compose(pending -> {
            if (!pending.isEmpty()) {
                return send(pending, 0, last).compose(response -> drain(response, fresh));
            }
            if (last != null) {
                return Future.succeededFuture(last);
            }
            return fresh > 0 ? addReport().compose(v -> drain(null, fresh - 1))
                    : Future.failedFuture(RelayException.status(400, "check-in: the relay refused every pending report"));
        });
    }

    private Future<CheckinResponse> send(List<Outbox.Pending> pending, int i, CheckinResponse last) {
        if (i == pending.size()) {
            return Future.succeededFuture(last);
        }
        Outbox.Pending p = pending.get(i);
        return client.checkin(p.body())
                .compose(response -> removed(p, response), e -> {
                    if (e instanceof RelayException re && DROPPABLE.contains(re.status())) {
                        return setAside(p, re).map(last);
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

    /**
     * A report the relay will never accept must not block the ones behind it: it is set aside (kept, not sent
     * again), its incidents handed to the next report unless held for a person, and the refusal is evidence.
     */
    private Future<Void> setAside(Outbox.Pending p, RelayException e) {
        return outbox.setAside(p.seq(), e.status(), e.getMessage(), site::requeue).compose(aside -> {
            state.outboxDepth = aside.depth();
            state.setAsideReports++;
            state.heldIncidents.addAll(aside.held());
            aside.ackedOrders().stream().filter(id -> !state.pendingAcks.contains(id)).forEach(state.pendingAcks::add);
            changed.run();
            ObjectNode details = Json.object().put("reportSeq", p.seq()).put("status", e.status())
                    .put("error", e.getMessage()).put("note", "report set aside in outbox_set_aside, not sent again");
            aside.requeued().forEach(details.putArray("requeuedIncidents")::add);
            aside.held().forEach(details.putArray("heldIncidents")::add);
            return store.append(entries.appliance(EvidenceKind.CHECKIN, "checkin.set-aside", "error", details));
        }).mapEmpty();
    }

    private Future<Void> apply(CheckinResponse response) {
        List<Future<?>> records = new ArrayList<>();
        // Withheld credentials mean "answered before", not "the site has no hosts": keep the targets held. Without
        // any held, stay without credentials until the next fresh report is answered.
        CheckinResponse config = !response.credentialsWithheld() ? response
                : state.config == null ? null : response.withTargets(state.config.targets());
        if (config != null) {
            state.config = config;
            state.noCredentialsRecorded = false;
            ObjectNode nonSecret = ConfigEvidence.of(config);
            String fingerprint = CanonicalJson.encode(nonSecret);
            if (!fingerprint.equals(state.configFingerprint)) {
                state.configFingerprint = fingerprint;
                records.add(store.append(entries.appliance(EvidenceKind.CONFIG, "config.received", "changed",
                        nonSecret)));
            }
        }
        response.replaces().filter(r -> !r.applianceId().equals(state.replacedChainRecorded)).ifPresent(r -> {
            // this chain succeeds another appliance's ended one: say so, signed; the relay tells until this chain
            // reaches it, and this run records it once however often it is told
            state.replacedChainRecorded = r.applianceId();
            records.add(store.append(entries.appliance(EvidenceKind.AGENT, "chain.replaces", "recorded", r.toJson())));
        });
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
