package dev.osiris.agent.relay;

import dev.osiris.protocol.checkin.Order;

/**
 * Carries out orders from the relay. {@link #accept} returns at once with the outcome recorded in evidence
 * ({@code started}, {@code unsupported}, ...); long work (a scan) continues in the background with its own evidence.
 * Every order is acknowledged after it was accepted, whatever the outcome, so that the relay stops resending it.
 */
@FunctionalInterface
public interface OrderHandler {

    String accept(Order order);

    OrderHandler NONE = order -> "unsupported";
}
