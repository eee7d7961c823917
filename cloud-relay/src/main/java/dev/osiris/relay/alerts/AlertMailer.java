package dev.osiris.relay.alerts;

import dev.osiris.relay.store.AlertStore;
import dev.osiris.relay.store.PendingAlert;
import io.vertx.core.Future;

import java.time.Duration;
import java.util.List;
import java.util.logging.Logger;

/**
 * Drains the alert outbox: claims the due alerts, sends them one after the other, and records each outcome; a
 * failed send is retried later with exponential backoff, forever, so an SMTP outage delays alerts but loses none.
 */
public final class AlertMailer {

    private static final Logger LOG = Logger.getLogger(AlertMailer.class.getName());
    static final int BATCH = 20;

    private final AlertStore store;
    private final AlertSender sender;
    private final SmtpConfig config;

    public AlertMailer(AlertStore store, AlertSender sender, SmtpConfig config) {
        this.store = store;
        this.sender = sender;
        this.config = config;
    }

    /**
     * One pass over the due alerts.
     *
     * @return how many were sent; fails only when the outbox itself cannot be read or written
     */
    public Future<Integer> drainOnce() {
        // The lease outlasts a whole batch of sends so that another relay cannot claim an alert being sent.
        Duration lease = config.timeout().multipliedBy(BATCH + 1);
        return store.claim(BATCH, lease).compose(due -> sendFrom(due, 0, 0));
    }

    private Future<Integer> sendFrom(List<PendingAlert> due, int index, int sent) {
        if (index == due.size()) {
            return Future.succeededFuture(sent);
        }
        PendingAlert alert = due.get(index);
        return sender.send(AlertMail.of(alert))
                .compose(ok -> store.sent(alert.id()).map(1),
                        error -> {
                            Duration retry = config.retryAfter(alert.attempts());
                            LOG.warning(() -> "alert " + alert.id() + " (attempt " + (alert.attempts() + 1)
                                    + ") not sent, retrying in " + retry.toMillis() + " ms: " + describe(error));
                            return store.failed(alert.id(), describe(error), retry).map(0);
                        })
                .compose(n -> sendFrom(due, index + 1, sent + n));
    }

    private static String describe(Throwable error) {
        String message = error.getMessage();
        return error.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
