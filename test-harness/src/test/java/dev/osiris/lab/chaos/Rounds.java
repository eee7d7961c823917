package dev.osiris.lab.chaos;

import dev.osiris.lab.runbooks.Attack;
import dev.osiris.protocol.evidence.EvidenceRecord;
import dev.osiris.protocol.runbook.Platform;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Builders for the chaos unit tests: rounds, results and evidence records as the agent writes them. */
final class Rounds {

    static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    private Rounds() {
    }

    static Attack attack(String runbook, Category category) {
        Platform platform = runbook.startsWith("RB-LNX") ? Platform.LINUX : Platform.WINDOWS;
        return new Attack(runbook + ".test", runbook, "test", platform, category, "x", null);
    }

    static Round round(int index, String host, String runbook, Category category) {
        return new Round(index, index, 1, attack(runbook, category), host, "127.0.0." + (10 + host.length()));
    }

    static RoundResult healed(int index, String host, String runbook, Category category, int seconds) {
        return new RoundResult(round(index, host, runbook, category), Outcome.HEALED, "L1", null, T0,
                Duration.ofSeconds(seconds), false, List.of());
    }

    static RoundResult escalated(int index, String host, String runbook, Category category, String reason) {
        return new RoundResult(round(index, host, runbook, category), Outcome.ESCALATED, "L3", reason, T0, null, false,
                List.of());
    }

    static EvidenceRecord record(long seq, int second, String host, String check, String kind, String outcome, String details) {
        return new EvidenceRecord(seq, T0.plusSeconds(second), host, check, kind, outcome, details,
                EvidenceRecord.GENESIS, "0".repeat(64), "sig");
    }
}
