package dev.osiris.relay.rollout;

import java.time.Duration;
import java.util.List;

/**
 * A rollout to create: the release, its targets, its groups in order (size and policy each), and how long an
 * ordered appliance may take to report a settled state before it counts as failed.
 */
public record RolloutSpec(String release, RolloutTargets targets, List<Group> groups, Duration reportTimeout) {

    public record Group(GroupSize size, GroupPolicy policy) {
    }

    public static final Duration MAX_REPORT_TIMEOUT = Duration.ofDays(30);

    public RolloutSpec {
        groups = List.copyOf(groups);
        if (release == null || release.isBlank()) {
            throw new IllegalArgumentException("release is required");
        }
        if (groups.isEmpty() || groups.size() > 100) {
            throw new IllegalArgumentException("a rollout has 1 to 100 groups, got " + groups.size());
        }
        if (reportTimeout == null || reportTimeout.toSeconds() < 1 || reportTimeout.compareTo(MAX_REPORT_TIMEOUT) > 0) {
            throw new IllegalArgumentException("report timeout must be between 1 s and 30 days, got " + reportTimeout);
        }
    }
}
