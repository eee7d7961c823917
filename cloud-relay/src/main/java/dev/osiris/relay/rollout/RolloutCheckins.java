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
 * answer): stores the reported update state when it changed, counts a settled one, and issues the update order when
 * due. Only appliances an order may be due to (pending in a running group, a set the engine refreshes each pass)
 * pay a round trip for the order, and only a changed state is stored, so that an appliance whose group is not
 * running, or that is done, costs what it costs without a rollout.
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
        if (update == null || key.equals(lastStored.get(applianceId))) {
            // unchanged since it was stored (and counted): nothing to store, nothing to count again
            reported = Future.succeededFuture();
        } else {
            reported = store.report(applianceId, report.seq(), update, clockTolerance).map(s -> {
                lastStored.put(applianceId, key);
                // a failure may cross the error threshold: decide at once; successes wait for the next pass
                s.filter(x -> !x.state().equals("committed")).ifPresent(x -> settled.accept(x.rolloutId()));
                return null;
            });
        }
        return targeted ? reported.compose(v -> store.offer(applianceId, orderIds.get(), relayBaseUrl)).mapEmpty()
                : reported;
    }
}
