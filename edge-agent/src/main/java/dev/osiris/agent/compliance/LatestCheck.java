package dev.osiris.agent.compliance;

import dev.osiris.protocol.runbook.Verdict;

import java.time.Instant;
import java.util.Objects;

/** The most recent verdict of one runbook on one host (an older one for the same pair is ignored). */
public record LatestCheck(String host, String runbookId, Verdict.Status status, Instant at) {

    public LatestCheck {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(runbookId, "runbookId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(at, "at");
    }
}
