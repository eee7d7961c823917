package dev.osiris.relay.rollout;

import java.time.Instant;

/** One condition on a group, evaluated on its counts alone (hawkBit's group condition evaluators). */
@FunctionalInterface
public interface GroupCondition {

    boolean met(GroupProgress group, Instant now);

    /** The committed share is at or above the success threshold; an empty group has nothing left to wait for. */
    GroupCondition SUCCESS = (g, now) -> (long) g.committed() * 100 >= (long) g.policy().successPercent() * g.total();

    /** The failed share is at or above the error threshold; an empty group never fails. */
    GroupCondition ERROR = (g, now) -> g.total() > 0
            && (long) g.failed() * 100 >= (long) g.policy().errorPercent() * g.total();

    /** The soak time since success has passed. */
    GroupCondition SOAKED = (g, now) -> g.succeededAt().map(at -> !now.isBefore(at.plus(g.policy().soak())))
            .orElse(false);
}
