package dev.osiris.relay.rollout;

import dev.osiris.relay.release.Releases;

/** What the relay's routes need for fleet updates: releases, rollouts, and the check-in step of rollouts. */
public record FleetUpdates(Releases releases, RolloutStore rollouts, RolloutCheckins checkins) {

    /** None of them: for a router built only to list its routes (no handler runs). */
    public static FleetUpdates unwired() {
        return new FleetUpdates(null, null, null);
    }
}
