package dev.osiris.agent.heal;

/**
 * How one drift ended.
 *
 * @param outcome healed (verified), escalated (incident raised), dry-run (nothing changed), left (a human owns it)
 * @param tier    the tier that healed or escalated, or null
 * @param reason  the rule that healed, or why it was escalated or left
 */
public record HealResult(String runbookId, Outcome outcome, HealPlan.Tier tier, HealPlan.Reason reason) {

    public enum Outcome { HEALED, ESCALATED, DRY_RUN, LEFT }
}
