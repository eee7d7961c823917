package dev.osiris.relay.alerts;

import io.vertx.core.Future;

/** Delivers one alert mail. */
public interface AlertSender {

    /** @return fails with the transport's exception when the mail was not accepted, or on timeout */
    Future<Void> send(AlertMail mail);
}
