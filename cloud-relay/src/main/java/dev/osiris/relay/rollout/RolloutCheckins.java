package dev.osiris.relay.rollout;

import dev.osiris.protocol.checkin.CheckinRequest;
import dev.osiris.protocol.checkin.UpdateReport;
import io.vertx.core.Future;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What a check-in does for rollouts, before the report is stored (so that an order it issues is in the same
 * answer): stores the reported update state, counts a settled one, and issues the update order when due. Only
 * appliances with an open target (a set the engine refreshes each pass) pay a database round trip for the order;
 * the others' update state is stored when it changes, so that a fleet without a rollout pays almost nothing.
 */
public final class RolloutCheckins {

    private final RolloutStore store;
    private final Supplier<Set<String>> active;
    private final Supplier<String> orderIds;
    private final Duration clockTolerance;
    private final Consumer<String> settled;
    /** What was last stored per appliance (state and version), to skip storing an unchanged state. */
    private final Map<String, String> lastStored = new ConcurrentHashMap<>();

    /**
     * @param active  the appliances with an open target, as the engine last found them
     * @param settled called with the rollout whose target a report settled (the engine advances it at once)
     */
    public RolloutCheckins(RolloutStore store, Supplier<Set<String>> active, Supplier<String> orderIds,
                           Duration clockTolerance, Consumer<String> settled) {
        this.store = store;
        this.active = active;
        this.orderIds = orderIds;
        this.clockTolerance = clockTolerance;
        this.settled = settled;
    }

    /** @return fails with 400 when the report names a rollout the appliance is not in, else as the store fails */
    public Future<Void> atCheckin(String applianceId, CheckinRequest report, String relayBaseUrl) {
        UpdateReport update = report.update();
        boolean targeted = active.get().contains(applianceId);
        Future<Void> reported;
        String key = update == null ? null : update.state() + " " + update.version() + " " + update.rolloutId();
        if (update == null || (!targeted && update.rolloutId() == null && key.equals(lastStored.get(applianceId)))) {
            reported = Future.succeededFuture();
        } else {
            reported = store.report(applianceId, report.seq(), update, clockTolerance).map(s -> {
                lastStored.put(applianceId, key);
                s.ifPresent(x -> settled.accept(x.rolloutId()));
                return null;
            });
        }
        return targeted ? reported.compose(v -> store.offer(applianceId, orderIds.get(), relayBaseUrl)).mapEmpty()
                : reported;
    }
}
