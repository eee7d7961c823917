package dev.osiris.relay.rollout;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a rollout's targets, in their given order, into consecutive groups by size. The groups must cover every
 * target exactly: a split that leaves targets out (no {@code rest}, too small) or names more than there are is
 * refused, saying by how many; a group may come out empty when an earlier one took everything.
 */
public final class GroupSplit {

    private GroupSplit() {
    }

    /** @return how many targets each group takes, in order; @throws IllegalArgumentException saying why not */
    public static List<Integer> sizes(int targets, List<GroupSize> groups) {
        if (groups.isEmpty()) {
            throw new IllegalArgumentException("a rollout needs at least one group");
        }
        List<Integer> sizes = new ArrayList<>(groups.size());
        int left = targets;
        for (int i = 0; i < groups.size(); i++) {
            GroupSize g = groups.get(i);
            int n = switch (g.kind()) {
                case REST -> {
                    if (i != groups.size() - 1) {
                        throw new IllegalArgumentException("group " + (i + 1) + ": rest must be the last group");
                    }
                    yield left;
                }
                case COUNT -> g.value();
                case PERCENT -> (int) Math.min(left, ((long) targets * g.value() + 99) / 100);
            };
            if (n > left) {
                throw new IllegalArgumentException("group " + (i + 1) + " (" + g + ") needs " + n + " appliances but only "
                        + left + " of " + targets + " targets are left");
            }
            sizes.add(n);
            left -= n;
        }
        if (left > 0) {
            throw new IllegalArgumentException("the groups cover " + (targets - left) + " of " + targets
                    + " targets; end with a group of the rest");
        }
        return sizes;
    }
}
