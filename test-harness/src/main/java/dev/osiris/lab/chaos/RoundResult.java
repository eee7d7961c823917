package dev.osiris.lab.chaos;

import java.time.Duration;
import java.time.Instant;

/**
 * One judged round.
 *
 * @param tier        L1 or L2 when healed, L3 when escalated, null otherwise
 * @param reason      why it was not healed, from the evidence (null when healed)
 * @param attackedAt  just before the attack ran
 * @param toHeal      attack to verified heal, null unless healed
 * @param restored    whether the lab restored the host after it was not healed
 * @param evidenceSeq the evidence records (sequence numbers) the outcome was read from
 */
public record RoundResult(Round round, Outcome outcome, String tier, String reason, Instant attackedAt, Duration toHeal,
                          boolean restored, java.util.List<Long> evidenceSeq) {

    public RoundResult {
        evidenceSeq = java.util.List.copyOf(evidenceSeq);
    }

    public RoundResult withRestored(boolean r, String note) {
        return new RoundResult(round, outcome, tier, note == null ? reason : reason + "; " + note, attackedAt, toHeal, r,
                evidenceSeq);
    }
}
