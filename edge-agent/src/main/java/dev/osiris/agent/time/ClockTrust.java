package dev.osiris.agent.time;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.agent.evidence.ClockMark;
import dev.osiris.protocol.json.Json;

/**
 * The latest clock verdict, written by the {@link TimeMonitor} on the agent's event loop and read from any thread:
 * by the evidence store (to mark what it records while the clock is untrusted), the status and the check-in.
 */
public final class ClockTrust implements ClockMark {

    private volatile TimeVerdict latest;

    /** The latest verdict, or null before the first check (or when the clock is not checked). */
    public TimeVerdict latest() {
        return latest;
    }

    void update(TimeVerdict verdict) {
        latest = verdict;
    }

    @Override
    public ObjectNode mark() {
        TimeVerdict v = latest;
        return v == null || v.trusted() ? null
                : Json.object().put("trusted", false).put("reason", v.reason()).put("verifiedAt", v.checkedAt().toString());
    }
}
