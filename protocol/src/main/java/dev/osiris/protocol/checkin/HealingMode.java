package dev.osiris.protocol.checkin;

import dev.osiris.protocol.InvalidMessageException;

/** How much the appliance may heal on its own: a conservative subset, or every auto-healable runbook. */
public enum HealingMode {
    STANDARD("standard"),
    FULL_COVERAGE("full-coverage");

    private final String wire;

    HealingMode(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static HealingMode fromWire(String value, String path) {
        for (HealingMode mode : values()) {
            if (mode.wire.equals(value)) {
                return mode;
            }
        }
        throw new InvalidMessageException(path + " must be standard or full-coverage, got \"" + value + "\"");
    }
}
