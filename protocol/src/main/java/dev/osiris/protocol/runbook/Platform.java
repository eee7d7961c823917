package dev.osiris.protocol.runbook;

/** The operating system a runbook targets; its scripts are PowerShell on Windows and POSIX sh on Linux. */
public enum Platform {
    WINDOWS("windows", "RB-WIN-"),
    LINUX("linux", "RB-LNX-");

    private final String wire;
    private final String idPrefix;

    Platform(String wire, String idPrefix) {
        this.wire = wire;
        this.idPrefix = idPrefix;
    }

    public String wire() {
        return wire;
    }

    /** Every runbook id of this platform starts with this prefix. */
    public String idPrefix() {
        return idPrefix;
    }

    /** The platform with this wire name, or null. */
    public static Platform fromWire(String value) {
        for (Platform p : values()) {
            if (p.wire.equals(value)) {
                return p;
            }
        }
        return null;
    }
}
