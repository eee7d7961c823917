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
    /** An L2 pattern promoted to an L1 rule after enough verified successes. */
    LEARN("learn"),
    /** An escalation raised with the relay, or its resolution taken back from it. */
    INCIDENT("incident");

    private final String wire;

    EvidenceKind(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
