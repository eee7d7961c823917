package dev.osiris.agent.relay;

/**
 * One word for the relay link, as {@code status.json}, {@code osiris-agent status} and the check-in report say it.
 */
public enum LinkStatus {
    /** Agent started; first check-in pending. */
    STARTING("starting"),
    /** Checked in; nothing held. */
    ONLINE("online"),
    /** The relay is unreachable (or busy); the last configuration is kept. */
    OFFLINE("offline"),
    /** The relay refuses check-ins, or an evidence record or incidents are held. */
    DEGRADED("degraded"),
    /** No configuration from the relay since the agent started: targets and credentials are unknown. */
    NO_CREDENTIALS("no-credentials"),
    /** The agent was closed. */
    STOPPED("stopped");

    private final String wireName;

    LinkStatus(String wireName) {
        this.wireName = wireName;
    }

    /** The word in {@code status.json}. */
    public String wireName() {
        return wireName;
    }

    /** The word in a check-in report's {@code status}: the relay has always read {@code ok} for online. */
    public String reportName() {
        return this == ONLINE ? "ok" : wireName;
    }
}
