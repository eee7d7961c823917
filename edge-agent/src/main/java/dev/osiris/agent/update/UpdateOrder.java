package dev.osiris.agent.update;

import dev.osiris.agent.orders.OrderHandler;
import dev.osiris.agent.orders.OrderResult;
import dev.osiris.agent.orders.Orders;
import dev.osiris.protocol.checkin.Order;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * The relay's {@code update} order (the field notes' {@code update_iso}): the release is checked on the updater's
 * thread, then installed in the background with its own {@code update/*} evidence. The order's record says
 * {@code started}, or {@code refused} with why (bad payload, bad signature, downgrade, oversize, one in progress).
 */
public final class UpdateOrder implements OrderHandler {

    public static final String TYPE = "update";

    private final Updater updater;

    private UpdateOrder(Updater updater) {
        this.updater = updater;
    }

    /** Registers the update order; fails as {@link Orders#register} does. */
    public static void register(Orders orders, Updater updater) {
        orders.register(TYPE, new UpdateOrder(updater));
    }

    @Override
    public Future<OrderResult> accept(Order order) {
        UpdateRequest request;
        try {
            request = UpdateRequest.fromJson(order.payload());
        } catch (UpdateRefused e) {
            return Future.succeededFuture(OrderResult.refused(e.getMessage()));
        }
        var context = Vertx.currentContext();
        Future<UpdateJob> accepted = context == null ? Future.fromCompletionStage(updater.submit(request))
                : Future.fromCompletionStage(updater.submit(request), context);
        return accepted.map(job -> OrderResult.started())
                .recover(e -> e instanceof UpdateRefused ? Future.succeededFuture(OrderResult.refused(e.getMessage()))
                        : Future.failedFuture(e));
    }
}
