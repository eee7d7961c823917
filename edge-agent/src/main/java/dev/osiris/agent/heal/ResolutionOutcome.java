package dev.osiris.agent.heal;

/** How carrying out one operator resolution ended; the wire name is its evidence record's outcome. */
public enum ResolutionOutcome {
    /** The check is compliant again after the resolution. */
    VERIFIED("resolution-verified"),
    /** It ran (or the operator said it was fixed by hand) but the check still does not verify. */
    NOT_VERIFIED("resolution-not-verified"),
    /** Nothing ran: what the resolution names may not run on that host. */
    REFUSED("resolution-refused"),
    /** Nothing ran: the runbook or the target is no longer this agent's. */
    SKIPPED("resolution-skipped"),
    /** The host could not be reached. */
    FAILED("resolution-failed");

    private final String wire;

    ResolutionOutcome(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** @throws IllegalArgumentException for a name that is not an outcome */
    public static ResolutionOutcome fromWire(String value) {
        return WireNames.parse(values(), ResolutionOutcome::wire, "resolution outcome", value);
    }
}
