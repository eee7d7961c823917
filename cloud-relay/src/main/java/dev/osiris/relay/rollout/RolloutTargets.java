package dev.osiris.relay.rollout;

import java.util.List;

/**
 * Which appliances a rollout targets: all of the partner's, those of some sites, or those with a tag (appliances
 * whose chain ended by replacement are never targets).
 */
public record RolloutTargets(Kind kind, List<String> siteIds, String tag) {

    public enum Kind { ALL, SITES, TAG }

    public RolloutTargets {
        siteIds = siteIds == null ? List.of() : List.copyOf(siteIds);
        if (kind == Kind.SITES && siteIds.isEmpty()) {
            throw new IllegalArgumentException("targets: name at least one site");
        }
        if (kind == Kind.TAG && (tag == null || !tag.matches("[a-z0-9][a-z0-9._-]{0,62}"))) {
            throw new IllegalArgumentException("targets: a tag is 1 to 63 of a-z 0-9 . _ -, got \"" + tag + "\"");
        }
    }

    public static RolloutTargets all() {
        return new RolloutTargets(Kind.ALL, List.of(), null);
    }

    public static RolloutTargets sites(List<String> siteIds) {
        return new RolloutTargets(Kind.SITES, siteIds, null);
    }

    public static RolloutTargets tagged(String tag) {
        return new RolloutTargets(Kind.TAG, List.of(), tag);
    }
}
