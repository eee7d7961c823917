package dev.osiris.agent.orders;

import dev.osiris.protocol.checkin.Order;
import io.vertx.core.Future;

/**
 * Carries out the orders of one type, registered with {@link Orders} by the capability that owns them. Called on the
 * agent's event loop, once per order id; the order's {@link Order#payload() payload} carries its parameters. The
 * future should complete promptly with what became of the order ({@code started} for long work, which continues
 * in the background with its own evidence; {@code refused} with the reason for bad parameters); a failed future is
 * recorded as {@link OrderOutcome#FAILED} with its message.
 */
@FunctionalInterface
public interface OrderHandler {

    Future<OrderResult> accept(Order order);
}
