package dev.osiris.agent.heal;

import dev.osiris.protocol.runbook.Runbook;

/**
 * What to do about one drifted check, decided by {@link HealDecider}.
 *
 * @param action heal (run {@code remedy} at {@code tier}), escalate to a human, or nothing
 * @param tier   L1 (deterministic or promoted rule), L2 (planner, from resolution history) or L3 (a human)
 * @param remedy the catalog runbook whose remediation runs; null unless healing
 * @param reason why
 */
public record HealPlan(Action action, Tier tier, Runbook remedy, Reason reason) {

    public enum Action { HEAL, ESCALATE, NONE }

    public enum Tier {
        L1, L2, L3;

        public String wire() {
            return name();
        }

        /** @throws IllegalArgumentException for a name that is not a tier */
        public static Tier fromWire(String value) {
            return WireNames.parse(values(), Tier::wire, "heal tier", value);
        }
    }

    /**
     * Why a plan heals, escalates or leaves a check alone; the escalation reasons are those of
     * {@link dev.osiris.protocol.checkin.Incident#REASONS}.
     */
    public enum Reason {
        /** L1: the runbook's own remediation, part of the standard subset. */
        STANDARD_RULE("standard-rule"),
        /** L1: the runbook's own remediation, allowed by the site's full-coverage mode. */
        FULL_COVERAGE_RULE("full-coverage-rule"),
        /** L1: a pattern promoted from resolution history. */
        LEARNED_RULE("learned-rule"),
        /** L2: the remedy with the best record on this pattern. */
        HISTORY("history"),
        DETECT_ONLY("detect-only"),
        ESCALATE_POLICY("escalate-policy"),
        NO_RULE("no-rule"),
        FLAPPING("flapping"),
        /** The drifted values are enforced by a policy that a local remediation cannot override. */
        ENFORCED_BY_POLICY("enforced-by-policy"),
        HEAL_FAILED("heal-failed"),
        /** A human already owns the check (an incident is open or its resolution not carried out yet). */
        ALREADY_ESCALATED("already-escalated");

        private final String wire;

        Reason(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        /** @throws IllegalArgumentException for a name that is not a reason */
        public static Reason fromWire(String value) {
            return WireNames.parse(values(), Reason::wire, "heal reason", value);
        }
    }

    static HealPlan heal(Tier tier, Runbook remedy, Reason reason) {
        return new HealPlan(Action.HEAL, tier, remedy, reason);
    }

    static HealPlan escalate(Reason reason) {
        return new HealPlan(Action.ESCALATE, Tier.L3, null, reason);
    }

    static HealPlan none(Reason reason) {
        return new HealPlan(Action.NONE, null, null, reason);
    }
}
