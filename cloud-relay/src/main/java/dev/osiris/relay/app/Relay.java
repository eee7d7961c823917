package dev.osiris.relay.app;

import dev.osiris.protocol.runbook.RunbookCatalog;
import dev.osiris.relay.alerts.AlertVerticle;
import dev.osiris.relay.api.ApiRouter;
import dev.osiris.relay.rollout.FleetUpdates;
import dev.osiris.relay.rollout.RolloutCheckins;
import dev.osiris.relay.rollout.RolloutEngine;
import dev.osiris.relay.rollout.RolloutVerticle;
import dev.osiris.relay.api.ApiVerticle;
import dev.osiris.relay.api.HttpEdgeConfig;
import dev.osiris.relay.db.ConnectionInfo;
import dev.osiris.relay.fleet.HistoryRetention;
import dev.osiris.relay.identity.PortalConfig;
import dev.osiris.relay.identity.SignIn;
import dev.osiris.relay.identity.SignInFlows;
import dev.osiris.relay.portal.PortalPages;
import dev.osiris.relay.portal.PortalQueries;
import dev.osiris.relay.portal.Templates;
import dev.osiris.relay.session.SessionCookie;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * A running relay: database (embedded or external), HTTP API on one server instance per core, the alert mailer
 * when SMTP is configured, and an {@link RelayAdmin} for the same database.
 */
public final class Relay {

    private static final Logger LOG = Logger.getLogger(Relay.class.getName());

    private final Vertx vertx;
    private final RelayConfig config;
    private final Backend backend;
    private final List<String> deployments;
    private final int port;

    private final HistoryRetention retention;
    private final long retentionTimer;

    private final HttpServer metricsServer;
    private final RelayMetrics metrics;
    private final SignIn signIn;

    private Relay(Vertx vertx, RelayConfig config, Backend backend, List<String> deployments, int port,
                  HttpServer metricsServer, RelayMetrics metrics, SignIn signIn) {
        this.vertx = vertx;
        this.signIn = signIn;
        this.metricsServer = metricsServer;
        this.metrics = metrics;
        this.config = config;
        this.backend = backend;
        this.deployments = deployments;
        this.port = port;
        this.retention = new HistoryRetention(backend.checkins, config.historyRetention(), backend.clock);
        this.retentionTimer = vertx.setPeriodic(RETENTION_PERIOD.toMillis(), id -> dropOldHistory()
                .onFailure(e -> LOG.warning("the check-in history's retention job failed: " + e.getMessage())));
    }

    /** How often the retention job runs. */
    static final Duration RETENTION_PERIOD = Duration.ofHours(1);

    /**
     * Runs the check-in history's retention job now (it also runs every hour): reports older than
     * {@link RelayConfig#historyRetention()} by this relay's clock are deleted.
     *
     * @return how many were deleted
     */
    public Future<Long> dropOldHistory() {
        return retention.run();
    }

    /**
     * Starts the database (or attaches to it), migrates it and starts serving.
     *
     * @return fails if the built-in runbook catalog is broken, PostgreSQL cannot be started or reached, migration
     *         fails, or the port cannot be bound
     */
    public static Future<Relay> start(Vertx vertx, RelayConfig config) {
        return start(vertx, config, PortalConfig.NONE);
    }

    /** As {@link #start(Vertx, RelayConfig)}, with the portal's sign-in providers. */
    public static Future<Relay> start(Vertx vertx, RelayConfig config, PortalConfig portal) {
        RunbookCatalog catalog;
        try {
            catalog = RunbookCatalog.builtIn();
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
        return start(vertx, config, catalog, Clock.systemUTC(), portal);
    }

    /** As {@link #start(Vertx, RelayConfig)}, validating sites' runbooks against {@code catalog}. */
    public static Future<Relay> start(Vertx vertx, RelayConfig config, RunbookCatalog catalog) {
        return start(vertx, config, catalog, Clock.systemUTC());
    }

    /** As {@link #start(Vertx, RelayConfig, RunbookCatalog)}, reading wall time from {@code clock}. */
    public static Future<Relay> start(Vertx vertx, RelayConfig config, RunbookCatalog catalog, Clock clock) {
        return start(vertx, config, catalog, clock, PortalConfig.NONE);
    }

    /** As {@link #start(Vertx, RelayConfig, RunbookCatalog, Clock)}, with the portal's sign-in providers. */
    public static Future<Relay> start(Vertx vertx, RelayConfig config, RunbookCatalog catalog, Clock clock,
                                      PortalConfig portal) {
        return Backend.open(vertx, config, catalog, clock).compose(backend -> serve(vertx, config, backend, portal)
                .recover(e -> backend.close().transform(ignored -> Future.failedFuture(e))));
    }

    private static Future<Relay> serve(Vertx vertx, RelayConfig config, Backend b, PortalConfig portal) {
        // on a worker, once: the portal's templates and stylesheet (the first render is slow) and, over TLS, the
        // JDK's TLS stack (the first handshake is slower still: see TlsWarmup)
        return vertx.executeBlocking(() -> {
                    if (config.tls()) {
                        TlsWarmup.handshake(keyCert(config).getKeyManagerFactory(vertx));
                    }
                    return new PortalAssets(Templates.warmed(), PortalPages.loadCss());
                })
                .compose(assets -> serve(vertx, config, b, portal, assets));
    }

    private record PortalAssets(Templates templates, byte[] css) {
    }

    private static Future<Relay> serve(Vertx vertx, RelayConfig config, Backend b, PortalConfig portal,
                                       PortalAssets assets) {
        RelayMetrics metrics = RelayMetrics.of();
        RolloutEngine engine = new RolloutEngine(b.rollouts, b.clock, config.defaultAlertRecipient());
        RolloutVerticle rollouts = new RolloutVerticle(engine, RolloutVerticle.PERIOD);
        // an appliance's report of an update is matched to its order by time, within the clock skew the relay
        // tolerates of appliances (a signed request's window, or 5 minutes, whichever is longer)
        RolloutCheckins rolloutCheckins = new RolloutCheckins(b.rollouts, engine::active, () -> b.ids.next("ord"),
                java.time.Duration.ofMinutes(5).compareTo(config.signatureWindow()) > 0 ? java.time.Duration.ofMinutes(5)
                        : config.signatureWindow(), rollouts::settled);
        SessionCookie cookie = new SessionCookie(config.tls());
        SignIn signIn = new SignIn(vertx, portal, new SignInFlows(b.database.pool()), new SecureRandom(), b.clock);
        ApiRouter router = new ApiRouter(new ApiRouter.Services(b.database.pool(), b.applianceAuth, b.operatorAuth,
                b.checkins, b.evidence, b.configs, b.cipher, b.fleet, b.verifier, config.checkinBodyLimit(),
                config.bundleBodyLimit(), b.incidentStore, b.incidents, b.runbooks, config.defaultAlertRecipient(),
                config.signatureWindow(), config.http(), b.clock, metrics, b.users, b.sessions,
                cookie, b.audit, signIn, b.signups, new PortalPages.Services(b.fleet, b.incidents, b.checkins,
                b.runbooks, b.users, b.signups, signIn, b.sessions, cookie, new PortalQueries(b.database.pool()),
                config.tls(), assets.templates(), assets.css()),
                new FleetUpdates(b.releases, b.rollouts, rolloutCheckins)));
        metrics.bind(vertx, router::checkinsInFlight, router::checkinsShed, b.checkinStore.commits(),
                b.database.pool());
        int instances = Math.min(4, Runtime.getRuntime().availableProcessors());
        List<String> deployments = new ArrayList<>();
        // Vert.x shares one listening socket among servers bound to the same explicit host:port, so an ephemeral
        // port is chosen here once and given to every instance.
        return vertx.executeBlocking(() -> config.port() != 0 ? config.port() : freePort(config.host()))
                .compose(port -> {
                    HttpServerOptions options = serverOptions(config).setPort(port);
                    return vertx.deployVerticle(() -> new ApiVerticle(router, options),
                            new DeploymentOptions().setInstances(instances)).map(id -> {
                                deployments.add(id);
                                return port;
                            });
                }).compose(port -> vertx.deployVerticle(rollouts).map(id -> {
                    deployments.add(id);
                    return port;
                })).compose(port -> config.smtp().isEmpty() ? Future.succeededFuture(port)
                        : vertx.deployVerticle(new AlertVerticle(b.alerts, config.smtp().get())).map(id -> {
                            deployments.add(id);
                            return port;
                        })).compose(port -> metricsServer(vertx, config, metrics)
                        .map(server -> new Relay(vertx, config, b, deployments, port, server, metrics, signIn)))
                .map(relay -> {
            LOG.info("osiris relay listening on " + relay.baseUrl());
            return relay;
        }).recover(e -> Future.all(deployments.stream().map(vertx::undeploy).toList())
                .eventually(signIn::close)
                .transform(ignored -> Future.failedFuture(e)));
    }

    /** {@code GET /metrics} on 127.0.0.1 at the configured port, apart from the API; -1 when none is configured. */
    private static Future<HttpServer> metricsServer(Vertx vertx, RelayConfig config, RelayMetrics metrics) {
        if (config.metricsPort().isEmpty()) {
            return Future.succeededFuture(null);
        }
        return vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1")
                        .setPort(config.metricsPort().getAsInt()).setIdleTimeout(60))
                .requestHandler(request -> {
                    if (request.method() == HttpMethod.GET && request.path().equals("/metrics")) {
                        request.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                                .end(metrics.scrape());
                    } else {
                        request.response().setStatusCode(404).end();
                    }
                })
                .listen();
    }

    private static int freePort(String host) throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return socket.getLocalPort();
        }
    }

    private static PemKeyCertOptions keyCert(RelayConfig config) {
        return new PemKeyCertOptions().setCertPath(config.tlsCert().orElseThrow().toString())
                .setKeyPath(config.tlsKey().orElseThrow().toString());
    }

    private static HttpServerOptions serverOptions(RelayConfig config) {
        HttpEdgeConfig http = config.http();
        // HTTP/1.1 only: nothing speaks cleartext HTTP/2 to the relay, and it would be one more parser to attack
        HttpServerOptions options = new HttpServerOptions().setHost(config.host()).setPort(config.port())
                .setTcpNoDelay(true).setMaxHeaderSize(16 * 1024).setHttp2ClearTextEnabled(false)
                .setIdleTimeout((int) http.idleTimeout().toMillis()).setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
        if (config.tls()) {
            options.setSsl(true)
                    .setKeyCertOptions(keyCert(config))
                    .setEnabledSecureTransportProtocols(Set.of("TLSv1.2", "TLSv1.3"));
        }
        return options;
    }

    public int port() {
        return port;
    }

    /** Where {@code /metrics} is served on 127.0.0.1, or -1. */
    public int metricsPort() {
        return metricsServer == null ? -1 : metricsServer.actualPort();
    }

    /** {@code http://127.0.0.1:port} or {@code https://...} */
    public String baseUrl() {
        String host = config.host().equals("0.0.0.0") ? "127.0.0.1" : config.host();
        return (config.tls() ? "https://" : "http://") + host + ":" + port;
    }

    public RelayConfig config() {
        return config;
    }

    public RelayAdmin admin() {
        return new RelayAdmin(backend, backend.database.pool());
    }

    /** JDBC URL of the relay's database (no credentials). */
    public String jdbcUrl() {
        return backend.database.connection().jdbcUrl();
    }

    /** Port of the relay's PostgreSQL. */
    public int databasePort() {
        ConnectionInfo info = backend.database.connection();
        return info.port();
    }

    /** Stops serving, closes the pool and stops the embedded PostgreSQL if this relay started it. */
    public Future<Void> close() {
        vertx.cancelTimer(retentionTimer);
        metrics.stop(vertx);
        Future<Void> metricsClosed = metricsServer == null ? Future.succeededFuture() : metricsServer.close();
        return Future.join(deployments.stream().map(vertx::undeploy).toList())
                .eventually(() -> metricsClosed)
                .eventually(signIn::close)
                .eventually(backend::close)
                .mapEmpty();
    }
}
