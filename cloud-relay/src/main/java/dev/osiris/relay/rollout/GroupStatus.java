package dev.osiris.relay.rollout;

import java.util.Arrays;

/** Where a rollout group stands; only ever moves forward (the database's trigger refuses anything else). */
public enum GroupStatus {
    SCHEDULED("scheduled"), RUNNING("running"), SOAKING("soaking"), DONE("done");

    private final String wire;

    GroupStatus(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static GroupStatus ofWire(String name) {
        return Arrays.stream(values()).filter(s -> s.wire.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown group status \"" + name + "\""));
    }
}
