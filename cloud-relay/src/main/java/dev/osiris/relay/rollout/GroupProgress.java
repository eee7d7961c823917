package dev.osiris.relay.rollout;

import java.time.Instant;
import java.util.Optional;

/**
 * A group as the decisions see it: its policy, status and counts.
 *
 * @param total       appliances counted: every target of the group but the skipped (or removed) ones
 * @param committed   of those, committed
 * @param failed      of those, failed, rolled back or timed out
 * @param succeededAt when the group met its success threshold (its soak started), if it has
 */
public record GroupProgress(int position, GroupPolicy policy, GroupStatus status, int total, int committed, int failed,
                            Optional<Instant> succeededAt) {

    public GroupProgress {
        if (total < 0 || committed < 0 || failed < 0 || committed + failed > total) {
            throw new IllegalArgumentException("group " + position + ": committed " + committed + " + failed "
                    + failed + " must be within total " + total);
        }
    }

    /** Appliances neither committed nor failed yet. */
    public int open() {
        return total - committed - failed;
    }
}
