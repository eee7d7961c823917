package dev.osiris.agent.orders;

/**
 * An order's outcome with words for a person (why it was refused, what failed), recorded in the order's evidence.
 *
 * @param note empty when there is nothing to say
 */
public record OrderResult(OrderOutcome outcome, String note) {

    public OrderResult {
        note = note == null ? "" : note;
    }

    public static OrderResult started() {
        return new OrderResult(OrderOutcome.STARTED, "");
    }

    public static OrderResult done() {
        return new OrderResult(OrderOutcome.DONE, "");
    }

    public static OrderResult refused(String why) {
        return new OrderResult(OrderOutcome.REFUSED, why);
    }
}
