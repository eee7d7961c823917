package dev.osiris.agent.update;

import java.util.Arrays;

/** Where an update stands; the wire name is what the state file, the evidence and the check-in report carry. */
public enum UpdateState {
    IDLE("idle"),
    DOWNLOADING("downloading"),
    VERIFYING("verifying"),
    WRITING("writing"),
    WRITTEN("written"),
    REBOOTING("rebooting"),
    TRIAL_BOOT("trial-boot"),
    HEALTH_CHECK("health-check"),
    COMMITTED("committed"),
    ROLLED_BACK("rolled-back"),
    FAILED("failed");

    private final String wireName;

    UpdateState(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** An update in this state is over: a new one may start. */
    public boolean finished() {
        return this == IDLE || this == COMMITTED || this == ROLLED_BACK || this == FAILED;
    }

    /** The standby slot may already be the boot loader's first choice: a restart must not rewrite it blindly. */
    public boolean slotArmed() {
        return this == REBOOTING || this == TRIAL_BOOT || this == HEALTH_CHECK;
    }

    public static UpdateState ofWire(String name) {
        return Arrays.stream(values()).filter(s -> s.wireName.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown update state \"" + name + "\""));
    }
}
