package dev.osiris.relay.rollout;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

import java.time.Duration;
import java.util.logging.Logger;

/**
 * Runs the {@link RolloutEngine} on one event loop: a pass every {@code period}, and one at once for a rollout a
 * check-in settled a target of (so that a crossed error threshold pauses within a moment, not a period). Passes never
 * overlap; a failed pass is logged and the next one tries again.
 */
public final class RolloutVerticle extends VerticleBase {

    private static final Logger LOG = Logger.getLogger(RolloutVerticle.class.getName());

    /** How often a pass runs: a rollout's steps and timeouts are seconds apart at most. */
    public static final Duration PERIOD = Duration.ofSeconds(1);

    private final RolloutEngine engine;
    private final Duration period;
    private boolean passing;
    private long timer;

    public RolloutVerticle(RolloutEngine engine, Duration period) {
        this.engine = engine;
        this.period = period;
    }

    @Override
    public Future<?> start() {
        timer = vertx.setPeriodic(0, period.toMillis(), id -> pass());
        return Future.succeededFuture();
    }

    /** From any thread: advance this rollout now. */
    public void settled(String rolloutId) {
        if (context != null) {
            context.runOnContext(v -> engine.advance(rolloutId)
                    .onFailure(e -> LOG.warning("rollout " + rolloutId + ": " + e.getMessage())));
        }
    }

    private void pass() {
        if (passing) {
            return;
        }
        passing = true;
        engine.pass()
                .onFailure(e -> LOG.warning("rollout pass failed: " + e.getMessage()))
                .onComplete(ar -> passing = false);
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(timer);
        return Future.succeededFuture();
    }
}
