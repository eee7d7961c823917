package dev.osiris.agent.heal;

/**
 * How one drift ended.
 *
 * @param outcome healed (verified), escalated (incident raised), dry-run (nothing changed), left (a human owns it)
 * @param tier    the tier that healed or escalated, or null
 * @param detail  the rule or reason
 */
public record HealResult(String runbookId, Outcome outcome, HealPlan.Tier tier, String detail) {

    public enum Outcome { HEALED, ESCALATED, DRY_RUN, LEFT }
}
