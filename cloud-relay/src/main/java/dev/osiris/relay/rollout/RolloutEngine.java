package dev.osiris.relay.rollout;

import io.vertx.core.Future;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Moves running rollouts on: marks appliances that did not report in time as timed out, then applies
 * {@link RolloutDecider}'s steps to each running rollout until it has to wait (a few steps per rollout per pass, each
 * one guarded in the database, so two relays or a restarted one never apply a step twice). Runs on one event loop:
 * {@link RolloutVerticle} calls {@link #pass} on a timer and when a check-in settled a target.
 */
public final class RolloutEngine {

    private static final Logger LOG = Logger.getLogger(RolloutEngine.class.getName());
    /** Steps one rollout may take in one pass: start, soak and finish of a few groups. */
    private static final int MAX_STEPS = 12;

    private final RolloutStore store;
    private final Clock clock;
    private final Optional<String> alertRecipient;
    private volatile Set<String> active = Set.of();

    public RolloutEngine(RolloutStore store, Clock clock, Optional<String> alertRecipient) {
        this.store = store;
        this.clock = clock;
        this.alertRecipient = alertRecipient;
    }

    /** The appliances with an open target as the last pass found them (safe from any thread). */
    public Set<String> active() {
        return active;
    }

    /** One pass over every running rollout; @return the appliances with an open target afterwards */
    public Future<Set<String>> pass() {
        return store.timeouts()
                .compose(v -> store.running())
                .compose(running -> {
                    List<Future<Void>> each = new ArrayList<>();
                    running.forEach(r -> each.add(advance(r, MAX_STEPS)));
                    return Future.join(each);
                })
                .compose(v -> store.activeAppliances())
                .map(found -> {
                    active = Set.copyOf(found);
                    return active;
                });
    }

    /** Advances one rollout (after a check-in settled one of its targets). */
    public Future<Void> advance(String rolloutId) {
        return store.running().compose(running -> running.stream().filter(r -> r.id().equals(rolloutId)).findFirst()
                .map(r -> advance(r, MAX_STEPS)).orElse(Future.succeededFuture()));
    }

    private Future<Void> advance(RolloutView rollout, int steps) {
        RolloutDecision decision = RolloutDecider.decide(rollout.groups().stream().map(RolloutView.Group::progress)
                .toList(), clock.instant());
        if (decision instanceof RolloutDecision.Wait || steps == 0) {
            return Future.succeededFuture();
        }
        Future<Void> applied = store.apply(rollout.id(), decision, alertRecipient)
                .onFailure(e -> LOG.warning("rollout " + rollout.id() + ": " + decision + " failed: " + e.getMessage()));
        if (decision instanceof RolloutDecision.Pause || decision instanceof RolloutDecision.Finish) {
            return applied;
        }
        return applied.compose(v -> store.running()).compose(running -> running.stream()
                .filter(r -> r.id().equals(rollout.id())).findFirst()
                .map(r -> advance(r, steps - 1)).orElse(Future.succeededFuture()));
    }
}
