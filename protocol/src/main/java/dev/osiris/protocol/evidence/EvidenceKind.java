package dev.osiris.protocol.evidence;

/** The kinds of evidence the appliance records; the wire name is the lower-case token. */
public enum EvidenceKind {
    AGENT("agent"),
    CHECKIN("checkin"),
    CONFIG("config"),
    DETECT("detect"),
    HEAL("heal"),
    VERIFY("verify"),
    ESCALATE("escalate"),
    REMOTE("remote"),
    UPDATE("update"),
    SENSOR("sensor"),
    LEARN("learn"),
    INCIDENT("incident");

    private final String wire;

    EvidenceKind(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
