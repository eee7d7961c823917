package dev.osiris.relay.alerts;

import dev.osiris.relay.store.AlertStore;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

import java.util.logging.Level;
import java.util.logging.Logger;

/** Polls the alert outbox on a timer and mails what is due; one pass at a time. Deploy one instance per relay. */
public final class AlertVerticle extends VerticleBase {

    private static final Logger LOG = Logger.getLogger(AlertVerticle.class.getName());

    private final AlertStore store;
    private final SmtpConfig config;
    private SmtpAlertSender sender;
    private AlertMailer mailer;
    private long timer = -1;
    private boolean draining;

    public AlertVerticle(AlertStore store, SmtpConfig config) {
        this.store = store;
        this.config = config;
    }

    @Override
    public Future<?> start() {
        sender = new SmtpAlertSender(vertx, config);
        mailer = new AlertMailer(store, sender, config);
        timer = vertx.setPeriodic(0, config.pollInterval().toMillis(), id -> drain());
        return Future.succeededFuture();
    }

    private void drain() {
        if (draining) {
            return;
        }
        draining = true;
        mailer.drainOnce()
                .onFailure(e -> LOG.log(Level.WARNING, "alert outbox unavailable: " + e.getMessage()))
                .onComplete(done -> draining = false);
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(timer);
        if (sender != null) {
            sender.close();
        }
        return Future.succeededFuture();
    }
}
