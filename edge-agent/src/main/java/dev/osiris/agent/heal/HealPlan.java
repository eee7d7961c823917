package dev.osiris.agent.heal;

import dev.osiris.protocol.runbook.Runbook;

/**
 * What to do about one drifted check, decided by {@link HealDecider}.
 *
 * @param action   heal (run {@code remedy} at {@code tier}), escalate to a human, or nothing
 * @param tier     L1 (deterministic or promoted rule), L2 (planner, from resolution history) or L3 (a human)
 * @param remedy   the catalog runbook whose remediation runs; null unless healing
 * @param reason   why: standard-rule, full-coverage-rule, learned-rule, history, detect-only, escalate-policy,
 *                 no-rule, flapping, heal-failed, already-escalated
 */
public record HealPlan(Action action, Tier tier, Runbook remedy, String reason) {

    public enum Action { HEAL, ESCALATE, NONE }

    public enum Tier {
        L1, L2, L3;

        public String wire() {
            return name();
        }
    }

    static HealPlan heal(Tier tier, Runbook remedy, String reason) {
        return new HealPlan(Action.HEAL, tier, remedy, reason);
    }

    static HealPlan escalate(String reason) {
        return new HealPlan(Action.ESCALATE, Tier.L3, null, reason);
    }

    static HealPlan none(String reason) {
        return new HealPlan(Action.NONE, null, null, reason);
    }
}
