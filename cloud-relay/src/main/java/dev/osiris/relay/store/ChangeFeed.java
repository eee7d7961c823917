package dev.osiris.relay.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.logging.Logger;

/**
 * Changes that this relay's caches depend on, as the database announces them on {@value #CHANNEL} (migration V10:
 * triggers notify at commit, whichever relay process or CLI made the change). Payloads are {@code site:<id>} and
 * {@code key:<api key sha256>}. While the listening connection is down the feed is not {@link #live()}: every
 * listener's cache is cleared and caches load every time, since a change could pass unannounced; the subscriber
 * reconnects on its own (every second) and the caches are cleared once more when it is back.
 */
public final class ChangeFeed {

    public static final String CHANNEL = "osiris_cache";
    private static final Logger LOG = Logger.getLogger(ChangeFeed.class.getName());

    private final PgSubscriber subscriber;
    private final List<BiConsumer<String, String>> listeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> resets = new CopyOnWriteArrayList<>();
    private volatile boolean live;

    private ChangeFeed(PgSubscriber subscriber) {
        this.subscriber = subscriber;
    }

    /** A feed that listens from now on; it is live once its first {@code LISTEN} is done. */
    public static ChangeFeed listen(Vertx vertx, PgConnectOptions options) {
        PgSubscriber subscriber = PgSubscriber.subscriber(vertx, options);
        ChangeFeed feed = new ChangeFeed(subscriber);
        subscriber.reconnectPolicy(attempt -> 1_000L);
        subscriber.channel(CHANNEL)
                .subscribeHandler(v -> feed.subscribed())
                .handler(feed::announced);
        subscriber.connect().onFailure(e -> LOG.warning("the change feed could not connect (" + e.getMessage()
                + "); caches stay off until it does"));
        return feed;
    }

    /** A feed that never listens: every cache over it loads every time (for tools that keep no cache). */
    public static ChangeFeed none() {
        return new ChangeFeed(null);
    }

    /** True while the feed listens, so that cached entries may be trusted until it announces their change. */
    public boolean live() {
        return live;
    }

    /**
     * Calls {@code listener} with (kind, id) for each announcement, and {@code reset} whenever announcements may
     * have been missed (the connection dropped or came back).
     */
    public void onChange(BiConsumer<String, String> listener, Runnable reset) {
        listeners.add(listener);
        resets.add(reset);
    }

    private void subscribed() {
        live = true;
        resets.forEach(Runnable::run);
        subscriber.actualConnection().closeHandler(v -> {
            live = false;
            resets.forEach(Runnable::run);
            if (!subscriber.closed()) {
                LOG.warning("the change feed's connection closed; caches are off until it is back");
            }
        });
    }

    private void announced(String payload) {
        int colon = payload.indexOf(':');
        if (colon < 0) {
            return;
        }
        String kind = payload.substring(0, colon);
        String id = payload.substring(colon + 1);
        listeners.forEach(l -> l.accept(kind, id));
    }

    public Future<Void> close() {
        live = false;
        return subscriber == null ? Future.succeededFuture() : subscriber.close();
    }
}
