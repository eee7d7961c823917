package dev.osiris.lab.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import dev.osiris.protocol.evidence.EvidenceRecord;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Reads a round's outcome from the appliance's evidence, never from the attack's own word: the records the scan
 * that judged the round added for its host and runbook. Plain Java, so that a test can recount a campaign from the
 * relay's copy of the chain with the same rules.
 */
public final class EvidenceReading {

    private EvidenceReading() {
    }

    /**
     * @param records evidence appended since the round's wave started (any host, any check)
     */
    public static RoundResult read(Round round, Instant attackedAt, List<EvidenceRecord> records) {
        List<EvidenceRecord> host = records.stream().filter(r -> r.host().equals(round.address())).toList();
        Optional<EvidenceRecord> unreachable = host.stream()
                .filter(r -> r.checkId().equals("drift.scan") && r.outcome().equals("unreachable")).findFirst();
        if (unreachable.isPresent()) {
            return result(round, timeSkew(unreachable.get()) ? Outcome.TIME_SKEW : Outcome.UNREACHABLE, null,
                    unreachableReason(unreachable.get()), attackedAt, null, unreachable.stream().toList());
        }
        List<EvidenceRecord> check = host.stream().filter(r -> r.checkId().equals(round.runbook())).toList();
        Optional<EvidenceRecord> verified = find(check, "verify", "verified");
        if (verified.isPresent()) {
            String tier = find(check, "heal", "remediated").map(h -> h.detailsJson().path("tier").asText(null))
                    .orElse(verified.get().detailsJson().path("tier").asText(null));
            return result(round, Outcome.HEALED, tier, null, attackedAt,
                    Duration.between(attackedAt, verified.get().time()), check);
        }
        Optional<EvidenceRecord> failedHeal = check.stream().filter(r -> r.kind().equals("heal")
                && r.outcome().equals("remediation-failed")).reduce((a, b) -> b);
        Optional<EvidenceRecord> notVerified = find(check, "verify", "not-verified");
        String healError = failedHeal.map(EvidenceReading::healError)
                .or(() -> notVerified.map(v -> "not verified: " + v.detailsJson().path("after").path("failures")
                        + v.detailsJson().path("error").asText(""))).orElse(null);
        Optional<EvidenceRecord> escalated = find(check, "escalate", "escalated");
        if (escalated.isPresent()) {
            String why = escalated.get().detailsJson().path("reason").asText("unknown");
            return result(round, Outcome.ESCALATED, "L3", why + (healError == null ? "" : " (" + healError + ")"),
                    attackedAt, null, check);
        }
        if (healError != null) {
            return result(round, Outcome.HEAL_FAILED, failedHeal.map(h -> h.detailsJson().path("tier").asText(null)).orElse(null),
                    "heal failed: " + healError, attackedAt, null, check);
        }
        if (find(check, "escalate", "dry-run").isPresent() || find(check, "heal", "dry-run").isPresent()) {
            return result(round, Outcome.DRY_RUN, null, "dry run: the site records what it would do and changes nothing",
                    attackedAt, null, check);
        }
        Optional<EvidenceRecord> error = find(check, "detect", "error");
        if (error.isPresent()) {
            return result(round, Outcome.DETECT_ERROR, null, "detect failed: " + error.get().detailsJson().path("failures"),
                    attackedAt, null, check);
        }
        if (find(check, "detect", "drifted").isPresent()) {
            return result(round, Outcome.DETECTED_ONLY, null, "detected, but neither healed nor escalated in time",
                    attackedAt, null, check);
        }
        return result(round, Outcome.NOT_DETECTED, null, "not detected: the scan recorded no drift of " + round.runbook(),
                attackedAt, null, check);
    }

    /** Why a {@code drift.scan} record says its host was unreachable, clock skew named as such. */
    static String unreachableReason(EvidenceRecord unreachable) {
        String error = unreachable.detailsJson().path("error").asText("");
        return (timeSkew(unreachable) ? "logon refused for clock skew: " : "host unreachable: ") + error;
    }

    /** The transport's typed reason, recorded by the appliance: never guessed from the error's words. */
    private static boolean timeSkew(EvidenceRecord unreachable) {
        return "clock_skew".equals(unreachable.detailsJson().path("reason").asText());
    }

    private static String healError(EvidenceRecord heal) {
        JsonNode d = heal.detailsJson();
        if (d.hasNonNull("error")) {
            return d.get("error").asText();
        }
        return "exit " + d.path("exitCode").asText("?") + (d.hasNonNull("stderr") ? ": " + d.get("stderr").asText().strip() : "");
    }

    private static Optional<EvidenceRecord> find(List<EvidenceRecord> records, String kind, String outcome) {
        return records.stream().filter(r -> r.kind().equals(kind) && r.outcome().equals(outcome)).findFirst();
    }

    private static RoundResult result(Round round, Outcome outcome, String tier, String reason, Instant attackedAt,
                                      Duration toHeal, List<EvidenceRecord> from) {
        return new RoundResult(round, outcome, tier, reason, attackedAt, toHeal, false,
                from.stream().map(EvidenceRecord::seq).toList());
    }
}
