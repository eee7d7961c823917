package dev.osiris.relay.api;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;

/** One HTTP server instance of the relay; several share the port, one per event loop. */
public final class ApiVerticle extends VerticleBase {

    private final ApiRouter router;
    private final HttpServerOptions options;
    private volatile int actualPort;

    public ApiVerticle(ApiRouter router, HttpServerOptions options) {
        this.router = router;
        this.options = new HttpServerOptions(options);
    }

    @Override
    public Future<?> start() {
        ConnectionGuard guard = router.connectionGuard(vertx);
        Router routes = router.build(vertx);
        routes.route().order(-1).handler(guard::requestStarted);
        return vertx.createHttpServer(options)
                .connectionHandler(guard::opened)
                .invalidRequestHandler(guard::invalid)
                .exceptionHandler(guard::failed)
                .requestHandler(routes)
                .listen()
                .onSuccess(server -> actualPort = server.actualPort());
    }

    /** The bound port, once started. */
    public int actualPort() {
        return actualPort;
    }

}
