package dev.osiris.agent.app;

import dev.osiris.agent.metrics.AgentMetrics;
import dev.osiris.agent.relay.LinkStatus;

import java.util.function.Supplier;

/** Which of the agent's published status the metrics show, and under which names. */
final class AgentStatusMetrics {

    private AgentStatusMetrics() {
    }

    static AgentMetrics<AgentStatus> of(Supplier<AgentStatus> published) {
        return new AgentMetrics<>(published)
                .stateGauge("osiris_agent_link_state", "the relay link's state (1 for the current one)",
                        LinkStatus.class, AgentStatus::state, LinkStatus::wireName)
                .gauge("osiris_agent_checkin_consecutive_failures", "failed check-in cycles since the last success",
                        AgentStatus::consecutiveFailures)
                .gauge("osiris_agent_last_checkin_age_seconds", "seconds since the last successful check-in",
                        s -> s.lastCheckinAt() == null ? Double.NaN
                                : java.time.Duration.between(s.lastCheckinAt(), s.updatedAt()).toMillis() / 1000.0)
                .gauge("osiris_agent_outbox_depth", "check-in reports waiting to be delivered", AgentStatus::outboxDepth)
                .gauge("osiris_agent_evidence_head_seq", "the last committed evidence record", AgentStatus::evidenceHeadSeq)
                .gauge("osiris_agent_evidence_uploaded_through", "the last evidence record the relay acknowledged",
                        AgentStatus::uploadedThrough)
                .gauge("osiris_agent_evidence_not_uploaded", "evidence records the relay does not hold yet",
                        s -> s.evidenceHeadSeq() - s.uploadedThrough())
                .gauge("osiris_agent_evidence_held", "1 while uploads are held at a bad record",
                        s -> s.evidenceHeldFrom() > 0 ? 1 : 0)
                .gauge("osiris_agent_targets", "hosts in the configuration held in memory", AgentStatus::targets)
                .gauge("osiris_agent_targets_reachable", "hosts whose latest probe reached them",
                        AgentStatus::targetsReachable)
                .gauge("osiris_agent_drift_open", "drifts found at the latest scans and not healed",
                        s -> s.scan().drifted())
                .gauge("osiris_agent_clock_trusted", "1 when the last NTP check trusted the clock, 0 when not",
                        s -> s.clock() == null ? Double.NaN : "trusted".equals(s.clock().state()) ? 1 : 0)
                .gauge("osiris_agent_clock_offset_seconds", "the clock's offset at the last NTP check",
                        s -> s.clock() == null || s.clock().offsetMicros() == null ? Double.NaN
                                : s.clock().offsetMicros() / 1e6);
    }
}
