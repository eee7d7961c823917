package dev.osiris.agent.heal;

import dev.osiris.protocol.checkin.HealingMode;
import dev.osiris.protocol.runbook.HealPolicy;
import dev.osiris.protocol.runbook.Runbook;
import dev.osiris.protocol.runbook.RunbookCatalog;

import java.util.Optional;
import java.util.Set;

/**
 * The three tiers as one decision table, in order: a check a human already owns is left alone; a drift that a
 * policy enforces (the verdict's {@code enforcedBy}: a local heal cannot win over it, and healing it would loop),
 * detect-only and escalate runbooks and flapping checks go to a human; an L1 rule (promoted from history, or the runbook's own
 * remediation when the site's mode allows it) heals; then the L2 planner picks the remedy with the best record on
 * this pattern; otherwise L3. A remedy is always a catalog runbook of the drifted check's platform with a
 * remediation: nothing else can ever run. Plain Java.
 */
public final class HealDecider {

    private final RunbookCatalog catalog;

    public HealDecider(RunbookCatalog catalog) {
        this.catalog = catalog;
    }

    /**
     * @param enforced the drifted values are enforced by a policy (Group Policy, a Defender policy key, ...)
     * @param tried    remedies that already ran and did not verify during this drift (they are not chosen again)
     */
    public HealPlan decide(Runbook drifted, String signature, HealingMode mode, Knowledge knowledge, boolean flapping,
                           boolean incidentOpen, boolean enforced, Set<String> tried) {
        if (incidentOpen) {
            return HealPlan.none(HealPlan.Reason.ALREADY_ESCALATED);
        }
        if (enforced) {
            return HealPlan.escalate(HealPlan.Reason.ENFORCED_BY_POLICY);
        }
        if (drifted.heal() == HealPolicy.DETECT_ONLY) {
            return HealPlan.escalate(HealPlan.Reason.DETECT_ONLY);
        }
        if (drifted.heal() == HealPolicy.ESCALATE) {
            return HealPlan.escalate(HealPlan.Reason.ESCALATE_POLICY);
        }
        if (flapping) {
            return HealPlan.escalate(HealPlan.Reason.FLAPPING);
        }
        Optional<Runbook> learned = knowledge.promoted(drifted.id(), signature).flatMap(id -> remedy(drifted, id));
        if (learned.isPresent() && !tried.contains(learned.get().id())) {
            return HealPlan.heal(HealPlan.Tier.L1, learned.get(), HealPlan.Reason.LEARNED_RULE);
        }
        if (drifted.autoHealable() && !tried.contains(drifted.id())) {
            if (mode == HealingMode.FULL_COVERAGE) {
                return HealPlan.heal(HealPlan.Tier.L1, drifted, HealPlan.Reason.FULL_COVERAGE_RULE);
            }
            if (drifted.standard()) {
                return HealPlan.heal(HealPlan.Tier.L1, drifted, HealPlan.Reason.STANDARD_RULE);
            }
        }
        for (Knowledge.Candidate c : knowledge.candidates(drifted.id(), signature)) {
            if (c.successes() > 0 && c.failures() == 0 && !tried.contains(c.remedyId())) {
                Optional<Runbook> remedy = remedy(drifted, c.remedyId());
                if (remedy.isPresent()) {
                    return HealPlan.heal(HealPlan.Tier.L2, remedy.get(), HealPlan.Reason.HISTORY);
                }
            }
        }
        return HealPlan.escalate(tried.isEmpty() ? HealPlan.Reason.NO_RULE : HealPlan.Reason.HEAL_FAILED);
    }

    /** A remedy must be a catalog runbook of the same platform that can remediate. */
    Optional<Runbook> remedy(Runbook drifted, String remedyId) {
        return catalog.find(remedyId)
                .filter(r -> r.platform() == drifted.platform())
                .filter(r -> r.remediate() != null && r.heal() == HealPolicy.AUTO);
    }
}
