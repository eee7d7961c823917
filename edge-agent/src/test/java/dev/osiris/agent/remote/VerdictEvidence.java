package dev.osiris.agent.remote;

import dev.osiris.agent.drift.DriftEvidence;
import dev.osiris.agent.privacy.PhiScrubber;
import dev.osiris.protocol.json.CanonicalJson;
import dev.osiris.protocol.runbook.Runbook;
import dev.osiris.protocol.runbook.Verdict;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * Turns verdicts into evidence details as the agent does after a scan (scrubbed, then canonical JSON), so that a
 * host's answer is fuzzed all the way into the evidence chain: what a host prints must not break the evidence.
 */
final class VerdictEvidence {

    private static final DriftEvidence ENTRIES = new DriftEvidence(
            Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC), PhiScrubber.defaults());

    private VerdictEvidence() {
    }

    static void encode(String host, List<Runbook> runbooks, Map<String, Verdict> verdicts) {
        for (Runbook runbook : runbooks) {
            // the sealer's input: signing adds nothing a host controls, so it is left out for speed
            CanonicalJson.encode(ENTRIES.detect(host, runbook, verdicts.get(runbook.id()), null).details());
        }
    }
}
