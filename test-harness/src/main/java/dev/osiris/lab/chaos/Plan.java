package dev.osiris.lab.chaos;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The campaign plans of the field notes, by the name the scripts pass. */
public enum Plan {
    /** One attack per runbook of the chosen categories, healed by the appliance; restores only as the exception. */
    HEALING_FIRST("healing-first"),
    /** The chosen attacks, {@code ROUNDS} times on every host they apply to. */
    STRESS("stress"),
    /** Every attack of the five categories, each on one host it applies to. */
    FULL_SPECTRUM("full-spectrum"),
    /** No attack: one compliance scan of the lab's hosts. */
    NETWORK_SCAN("network-scan");

    private final String wire;

    Plan(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Plan fromWire(String text) {
        return Arrays.stream(values()).filter(p -> p.wire.equals(text)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("plan must be one of "
                        + Arrays.stream(values()).map(Plan::wire).collect(Collectors.joining(", ")) + ", got '" + text + "'"));
    }
}
