package dev.osiris.agent.relay;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.agent.evidence.Entries;
import dev.osiris.agent.evidence.EvidenceStore;
import dev.osiris.agent.orders.Orders;
import dev.osiris.protocol.checkin.CheckinRequest;
import dev.osiris.protocol.checkin.CheckinResponse;
import dev.osiris.protocol.checkin.ClockReport;
import dev.osiris.protocol.checkin.Order;
import dev.osiris.protocol.checkin.TargetTransport;
import dev.osiris.protocol.checkin.UpdateReport;
import dev.osiris.protocol.evidence.EvidenceKind;
import dev.osiris.protocol.json.CanonicalJson;
import dev.osiris.protocol.json.Json;
import io.vertx.core.Future;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * One check-in cycle: store a new report in the outbox first, deliver every pending report in order, keep
 * the relay's answer in memory (recording a config change in evidence), then upload evidence. A report the relay
 * refuses as malformed is set aside (kept, with a signed evidence record saying why) so that it never blocks the
 * ones behind it; its incidents go into the next report, or are held for a person. An answer whose credentials the
 * relay withheld (it had answered that report before) leaves the targets held as they are.
 * A cycle never fails: it returns a {@link CheckinOutcome} saying what it did, and why it ended early (a
 * {@link RelayException} when the relay cannot be reached or refuses); the {@link CheckinLoop} applies it.
 * On the agent's event loop, one cycle at a time.
 */
public final class CheckinCycle {

    /**
     * Facts about this agent that go into each report; {@code clock} gives the last clock check (or null),
     * {@code update} the self-update's state as last saved (or null without self-update).
     */
    public record Identity(String agentVersion, String bootPartition, String publicKey, LongSupplier uptimeSeconds,
                           Supplier<ClockReport> clock, Supplier<UpdateReport> update) {

        /** An agent without self-update. */
        public Identity(String agentVersion, String bootPartition, String publicKey, LongSupplier uptimeSeconds,
                        Supplier<ClockReport> clock) {
            this(agentVersion, bootPartition, publicKey, uptimeSeconds, clock, () -> null);
        }

        /** An agent that does not check its clock. */
        public Identity(String agentVersion, String bootPartition, String publicKey, LongSupplier uptimeSeconds) {
            this(agentVersion, bootPartition, publicKey, uptimeSeconds, () -> null);
        }
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
    private final Entries entries;
    private final Identity identity;
    private final Clock clock;
    private final EvidenceUploader uploader;
    private final Orders orders;
    private final SiteReport site;

    public CheckinCycle(Outbox outbox, RelayClient client, EvidenceStore store, Entries entries, Identity identity,
                        Clock clock, int bundleMax, Orders orders, SiteReport site) {
        this.outbox = outbox;
        this.client = client;
        this.store = store;
        this.entries = entries;
        this.identity = identity;
        this.clock = clock;
        this.orders = orders;
        this.site = site;
        this.uploader = new EvidenceUploader(store, client, entries, bundleMax);
    }

    /** Runs one cycle from the link as it is; succeeds with what the cycle did, however far it got. */
    public Future<CheckinOutcome> run(LinkState state) {
        CycleProgress progress = new CycleProgress(state);
        return addReport(progress)
                .compose(v -> drain(progress, null, FRESH_REPORTS_AFTER_REFUSAL))
                .compose(response -> apply(progress, response).map(response))
                .compose(response -> uploader.upload(progress, response.evidenceHead()))
                .transform(ar -> Future.succeededFuture(progress.outcome(ar.cause())));
    }

    /**
     * Once the loop has applied an outcome (so that its configuration is the one in force): hands the operators'
     * resolutions of the cycle's answer to drift and healing.
     */
    public void applied(CheckinOutcome outcome) {
        if (outcome.response() != null && !outcome.response().resolutions().isEmpty()) {
            site.resolutions(outcome.response().resolutions());
        }
    }

    /** Makes the next report, with whatever incidents and acknowledgements are pending, and stores it. */
    private Future<Void> addReport(CycleProgress progress) {
        List<String> acks = List.copyOf(progress.pendingAcks);
        // taken here, on the event loop: the report itself is built on the database writer
        LinkState now = progress.state();
        return site.state()
                .compose(siteNow -> outbox.add((seq, connection) -> report(seq, acks, now, siteNow,
                        site.escalations(connection))))
                .map(depth -> {
                    progress.pendingAcks.removeAll(acks);
                    progress.outboxDepth = depth;
                    return null;
                });
    }

    private CheckinRequest report(long seq, List<String> acks, LinkState state, SiteReport.State now,
                                  SiteReport.Escalations escalations) {
        CheckinResponse config = state.config();
        return new CheckinRequest(seq, clock.instant(), identity.agentVersion(), identity.uptimeSeconds().getAsLong(),
                identity.bootPartition(), identity.publicKey(), state.reportStatus().reportName(),
                WireText.freeText(state.reportDetail(), CheckinRequest.MAX_STATUS_DETAIL), now.scan(),
                store.head(), acks, escalations.incidents(), now.compliance(), escalations.ackedResolutions(),
                config == null ? List.of() : config.targets().stream().map(TargetTransport::of).toList(),
                config == null ? 0 : config.configVersion(), identity.clock().get(), identity.update().get());
    }

    /**
     * Sends every pending report in order. When all were refused, a fresh report is made (at most {@code fresh}
     * times), so that what the refused ones handed back (incidents, acknowledgements) goes out in this cycle rather
     * than after a backoff.
     */
    private Future<CheckinResponse> drain(CycleProgress progress, CheckinResponse last, int fresh) {
        return outbox.oldest(100).compose(pending -> {
            if (!pending.isEmpty()) {
                return send(progress, pending, 0, last).compose(response -> drain(progress, response, fresh));
            }
            if (last != null) {
                return Future.succeededFuture(last);
            }
            return fresh > 0 ? addReport(progress).compose(v -> drain(progress, null, fresh - 1))
                    : Future.failedFuture(RelayException.status(400, "check-in: the relay refused every pending report"));
        });
    }

    private Future<CheckinResponse> send(CycleProgress progress, List<Outbox.Pending> pending, int i,
                                         CheckinResponse last) {
        if (i == pending.size()) {
            return Future.succeededFuture(last);
        }
        Outbox.Pending p = pending.get(i);
        return client.checkin(p.body())
                .compose(response -> removed(progress, p, response), e -> {
                    if (e instanceof RelayException re && DROPPABLE.contains(re.status())) {
                        return setAside(progress, p, re).map(last);
                    }
                    return Future.failedFuture(e);
                })
                .compose(response -> send(progress, pending, i + 1, response == null ? last : response));
    }

    private Future<CheckinResponse> removed(CycleProgress progress, Outbox.Pending p, CheckinResponse response) {
        return outbox.remove(p.seq()).map(depth -> {
            progress.outboxDepth = depth;
            progress.response = response;
            return response;
        });
    }

    /**
     * A report the relay will never accept must not block the ones behind it: it is set aside (kept, not sent
     * again), its incidents handed to the next report unless held for a person, and the refusal is evidence.
     */
    private Future<Void> setAside(CycleProgress progress, Outbox.Pending p, RelayException e) {
        return outbox.setAside(p.seq(), e.status(), e.getMessage(), site::requeue).compose(aside -> {
            progress.outboxDepth = aside.depth();
            progress.setAsideReports++;
            progress.heldIncidents.addAll(aside.held());
            aside.ackedOrders().stream().filter(id -> !progress.pendingAcks.contains(id))
                    .forEach(progress.pendingAcks::add);
            ObjectNode details = Json.object().put("reportSeq", p.seq()).put("status", e.status())
                    .put("error", e.getMessage()).put("note", "report set aside in outbox_set_aside, not sent again");
            aside.requeued().forEach(details.putArray("requeuedIncidents")::add);
            aside.held().forEach(details.putArray("heldIncidents")::add);
            return store.append(entries.appliance(EvidenceKind.CHECKIN, "checkin.set-aside", "error", details));
        }).mapEmpty();
    }

    /** Takes the answer in: the configuration to hold (a change recorded in evidence), a predecessor chain, orders. */
    private Future<Void> apply(CycleProgress progress, CheckinResponse response) {
        List<Future<?>> records = new ArrayList<>();
        // Withheld credentials mean "answered before", not "the site has no hosts": keep the targets held. Without
        // any held, stay without credentials until the next fresh report is answered.
        CheckinResponse held = progress.currentConfig();
        CheckinResponse config = !response.credentialsWithheld() ? response
                : held == null ? null : response.withTargets(held.targets());
        if (config != null) {
            progress.config = config;
            ObjectNode nonSecret = ConfigEvidence.of(config);
            String fingerprint = CanonicalJson.encode(nonSecret);
            if (!fingerprint.equals(progress.configFingerprint)) {
                progress.configFingerprint = fingerprint;
                records.add(store.append(entries.appliance(EvidenceKind.CONFIG, "config.received", "changed",
                        nonSecret)));
            }
        }
        response.replaces().filter(r -> !r.applianceId().equals(progress.replacedChainRecorded)).ifPresent(r -> {
            // this chain succeeds another appliance's ended one: say so, signed; the relay tells until this chain
            // reaches it, and this run records it once however often it is told
            progress.replacedChainRecorded = r.applianceId();
            records.add(store.append(entries.appliance(EvidenceKind.AGENT, "chain.replaces", "recorded", r.toJson())));
        });
        for (Order order : response.orders()) {
            // acknowledged whatever the outcome, so that the relay stops resending it; carried out once per run
            if (progress.seenOrders.add(order.id())) {
                progress.pendingAcks.add(order.id());
                records.add(orders.accept(order));
            }
        }
        return Future.all(records).mapEmpty();
    }
}
