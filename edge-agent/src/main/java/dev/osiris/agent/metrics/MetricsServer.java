package dev.osiris.agent.metrics;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;

import java.util.function.Supplier;

/**
 * Serves {@code GET /metrics} (Prometheus text) on 127.0.0.1 only: the site's own monitoring scrapes it through the
 * appliance, never from the network. Anything else is 404 or 405. The scrape runs on a worker thread (it reads
 * {@code /proc}), never on the event loop.
 */
public final class MetricsServer {

    public static final String PATH = "/metrics";
    private static final String LOOPBACK = "127.0.0.1";
    private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;

    private MetricsServer(HttpServer server) {
        this.server = server;
    }

    /** Listens on {@code port} (0: any free one) of the loopback interface. */
    public static Future<MetricsServer> start(Vertx vertx, int port, Supplier<String> scrape) {
        HttpServerOptions options = new HttpServerOptions().setIdleTimeout(30).setMaxInitialLineLength(1024)
                .setMaxHeaderSize(8192);
        return vertx.createHttpServer(options).requestHandler(req -> handle(vertx, req, scrape))
                .listen(port, LOOPBACK).map(MetricsServer::new);
    }

    private static void handle(Vertx vertx, HttpServerRequest req, Supplier<String> scrape) {
        if (!PATH.equals(req.path())) {
            req.response().setStatusCode(404).end("only " + PATH + " is served here\n");
        } else if (req.method() != HttpMethod.GET) {
            req.response().setStatusCode(405).putHeader("Allow", "GET").end();
        } else {
            vertx.executeBlocking(scrape::get, false).onComplete(ar -> {
                if (ar.succeeded()) {
                    req.response().putHeader("Content-Type", CONTENT_TYPE).end(ar.result());
                } else {
                    req.response().setStatusCode(500).end("metrics unavailable\n");
                }
            });
        }
    }

    public int port() {
        return server.actualPort();
    }

    public Future<Void> close() {
        return server.close();
    }
}
