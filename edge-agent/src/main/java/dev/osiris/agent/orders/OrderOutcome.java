package dev.osiris.agent.orders;

/**
 * What became of an order when the agent accepted it; the wire name is the outcome of the order's evidence record.
 * Every outcome is acknowledged to the relay, so that it stops resending the order.
 */
public enum OrderOutcome {
    /** The work began and continues in the background, with its own evidence. */
    STARTED("started"),
    /** The work is finished. */
    DONE("done"),
    /** The order was understood but not carried out (bad parameters, not allowed now); the note says why. */
    REFUSED("refused"),
    /** This agent version does not carry out orders of this type. */
    UNSUPPORTED("unsupported"),
    /** The handler failed; the note carries the error. */
    FAILED("failed");

    private final String wireName;

    OrderOutcome(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
