package dev.osiris.agent.compliance;

import dev.osiris.protocol.runbook.Framework;

import java.time.Instant;
import java.util.List;

/** The score of every {@link Framework}, in declaration order, at one moment. */
public record ComplianceScore(Instant computedAt, List<FrameworkResult> frameworks) {

    public ComplianceScore {
        frameworks = List.copyOf(frameworks);
    }

    public FrameworkResult framework(Framework framework) {
        return frameworks.stream().filter(f -> f.framework() == framework).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no result for " + framework));
    }
}
