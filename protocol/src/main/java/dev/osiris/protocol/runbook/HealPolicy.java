package dev.osiris.protocol.runbook;

/** Whether a drift may be healed without a human. */
public enum HealPolicy {
    /** Remediation is safe to run unattended (subject to the site's healing mode). */
    AUTO("auto"),
    /** Report only; never remediated by the appliance (e.g. BitLocker). */
    DETECT_ONLY("detect-only"),
    /** Always a human's decision (e.g. a certificate to renew); raised as an incident. */
    ESCALATE("escalate");

    private final String wire;

    HealPolicy(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** The policy with this wire name, or null. */
    public static HealPolicy fromWire(String value) {
        for (HealPolicy p : values()) {
            if (p.wire.equals(value)) {
                return p;
            }
        }
        return null;
    }
}
