package dev.osiris.protocol.runbook;

/** How bad a drift is; critical escalations are e-mailed to the partner. */
public enum Severity {
    LOW, MEDIUM, HIGH, CRITICAL;

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The severity with this wire name, or null. */
    public static Severity fromWire(String value) {
        for (Severity s : values()) {
            if (s.wire().equals(value)) {
                return s;
            }
        }
        return null;
    }
}
