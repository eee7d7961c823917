package dev.osiris.agent.drift;

import dev.osiris.agent.orders.OrderHandler;
import dev.osiris.agent.orders.OrderResult;
import dev.osiris.agent.orders.Orders;
import dev.osiris.protocol.checkin.Order;
import io.vertx.core.Future;

/**
 * The relay's {@code scan} order: scans every current target now, in the background (joining scans already queued
 * or running); the scans leave their own evidence, the order's record says {@code started}.
 */
public final class ScanOrder implements OrderHandler {

    public static final String TYPE = "scan";

    private final DriftScheduler scheduler;

    private ScanOrder(DriftScheduler scheduler) {
        this.scheduler = scheduler;
    }

    /** Registers the scan order of drift detection; fails as {@link Orders#register} does. */
    public static void register(Orders orders, DriftScheduler scheduler) {
        orders.register(TYPE, new ScanOrder(scheduler));
    }

    @Override
    public Future<OrderResult> accept(Order order) {
        scheduler.scanAllNow();
        return Future.succeededFuture(OrderResult.started());
    }
}
