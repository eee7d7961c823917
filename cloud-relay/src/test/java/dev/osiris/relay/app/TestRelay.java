package dev.osiris.relay.app;

import dev.osiris.protocol.runbook.RunbookCatalog;
import dev.osiris.testing.Await;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.List;

/**
 * The relay a test class runs against: its own Vert.x, a relay on the embedded PostgreSQL of the config's data
 * directory, that relay's admin, an HTTP client for it and an operator key. {@link #another} starts more relays on
 * the same database (other edge settings, TLS, a second instance); {@link #close} stops them, then the first relay
 * (and with it PostgreSQL), then Vert.x.
 */
final class TestRelay implements AutoCloseable {

    final Vertx vertx;
    final Relay relay;
    final RelayAdmin admin;
    final Http http;
    final String operatorKey;
    private final List<Relay> others = new ArrayList<>();

    private TestRelay(Vertx vertx, Relay relay, String operatorKey) {
        this.vertx = vertx;
        this.relay = relay;
        this.admin = relay.admin();
        this.http = new Http(relay.baseUrl());
        this.operatorKey = operatorKey;
    }

    /** A relay with the built-in runbook catalog, and a key for the operator named {@code operator}. */
    static TestRelay start(RelayConfig config, String operator) {
        Vertx vertx = Vertx.vertx();
        return started(vertx, Relay.start(vertx, config), operator);
    }

    /** A relay with {@code catalog} as its runbooks, and a key for the operator named {@code operator}. */
    static TestRelay start(RelayConfig config, RunbookCatalog catalog, String operator) {
        Vertx vertx = Vertx.vertx();
        return started(vertx, Relay.start(vertx, config, catalog), operator);
    }

    /** A start that fails half way stops what did start: the test class gets no fixture to close. */
    private static TestRelay started(Vertx vertx, Future<Relay> starting, String operator) {
        Relay relay = null;
        try {
            relay = Await.result(starting);
            return new TestRelay(vertx, relay, Await.result(relay.admin().createOperatorKey(operator)));
        } catch (RuntimeException | AssertionError e) {
            if (relay != null) {
                Await.result(relay.close());
            }
            Await.result(vertx.close());
            throw e;
        }
    }

    /** Another relay on this one's database, stopped by {@link #close}. */
    Relay another(RelayConfig config) {
        Relay other = Await.result(Relay.start(vertx, config));
        others.add(other);
        return other;
    }

    @Override
    public void close() {
        others.forEach(r -> Await.result(r.close()));
        Await.result(relay.close());
        Await.result(vertx.close());
    }
}
