package dev.osiris.relay.rollout;

import java.time.Instant;
import java.util.List;

/**
 * Decides a running rollout's next step from its groups' counts, in plain Java: the first group not done is the one
 * that matters. Past its error threshold the rollout pauses (checked first, also while soaking: a failure is never
 * outweighed by successes); at its success threshold it soaks, or is done when it has no soak time; a done group
 * lets the next start; when all are done the rollout is finished.
 */
public final class RolloutDecider {

    private RolloutDecider() {
    }

    /** @param groups in position order, from 1 */
    public static RolloutDecision decide(List<GroupProgress> groups, Instant now) {
        for (GroupProgress g : groups) {
            switch (g.status()) {
                case DONE -> {
                    continue;
                }
                case SCHEDULED -> {
                    return new RolloutDecision.StartGroup(g.position());
                }
                case RUNNING, SOAKING -> {
                    return running(g, now);
                }
            }
        }
        return new RolloutDecision.Finish();
    }

    private static RolloutDecision running(GroupProgress g, Instant now) {
        if (GroupCondition.ERROR.met(g, now)) {
            return new RolloutDecision.Pause(g.position(), reason(g));
        }
        if (g.status() == GroupStatus.RUNNING && GroupCondition.SUCCESS.met(g, now)) {
            return g.policy().soak().isZero() ? new RolloutDecision.FinishGroup(g.position())
                    : new RolloutDecision.Soak(g.position());
        }
        if (g.status() == GroupStatus.SOAKING && GroupCondition.SOAKED.met(g, now)) {
            return new RolloutDecision.FinishGroup(g.position());
        }
        return RolloutDecision.WAIT;
    }

    private static String reason(GroupProgress g) {
        return "group " + g.position() + ": " + g.failed() + " of " + g.total() + " appliances failed, rolled back"
                + " or did not report (" + (g.failed() * 100 / g.total()) + "%), at or above the error threshold of "
                + g.policy().errorPercent() + "%";
    }
}
