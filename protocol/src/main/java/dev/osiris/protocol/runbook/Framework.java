package dev.osiris.protocol.runbook;

/** The compliance frameworks every runbook maps its check to. */
public enum Framework {
    HIPAA("hipaa", "HIPAA Security Rule"),
    SOC2("soc2", "SOC 2"),
    PCI_DSS_4("pci-dss-4", "PCI DSS v4"),
    NIST_CSF_2("nist-csf-2", "NIST CSF 2.0"),
    CIS_V8("cis-v8", "CIS Controls v8");

    private final String wire;
    private final String title;

    Framework(String wire, String title) {
        this.wire = wire;
        this.title = title;
    }

    public String wire() {
        return wire;
    }

    public String title() {
        return title;
    }

    /** The framework with this wire name, or null. */
    public static Framework fromWire(String value) {
        for (Framework f : values()) {
            if (f.wire.equals(value)) {
                return f;
            }
        }
        return null;
    }
}
