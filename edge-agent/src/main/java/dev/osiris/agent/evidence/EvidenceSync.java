package dev.osiris.agent.evidence;

/** SQLite's {@code synchronous} setting for the evidence database: FULL survives power loss, NORMAL only a process crash. */
public enum EvidenceSync {
    FULL,
    NORMAL
}
