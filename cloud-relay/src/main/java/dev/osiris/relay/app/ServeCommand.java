package dev.osiris.relay.app;

import io.vertx.core.Vertx;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Logger;

/** {@code serve}: runs the relay until SIGTERM, then stops it and its PostgreSQL cleanly. */
@Command(name = "serve", description = "Run the relay until SIGTERM.")
final class ServeCommand implements Callable<Integer> {

    private static final Logger LOG = Logger.getLogger(ServeCommand.class.getName());

    @ParentCommand
    RelayMain root;

    @Option(names = "--port", description = "Port to listen on (default 8443 with TLS, else 8080; 0 = any free port)")
    Integer port;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--tls-cert", description = "PEM certificate chain (with --tls-key: HTTPS, TLS 1.2/1.3)")
    Path tlsCert;

    @Option(names = "--tls-key", description = "PEM private key")
    Path tlsKey;

    @Option(names = "--pool-size", defaultValue = "8", description = "PostgreSQL connections (default ${DEFAULT-VALUE})")
    int poolSize;

    @Override
    public Integer call() throws Exception {
        RelayConfig config = root.config().withHost(host).withPoolSize(poolSize);
        if (tlsCert != null || tlsKey != null) {
            if (tlsCert == null || tlsKey == null) {
                throw new IllegalArgumentException("--tls-cert and --tls-key must be given together");
            }
            config = config.withTls(tlsCert, tlsKey);
        }
        config = config.withPort(port != null ? port : config.tls() ? 8443 : 8080);
        Vertx vertx = Vertx.vertx();
        Relay relay;
        try {
            relay = RelayMain.await(Relay.start(vertx, config), 600);
        } catch (Exception e) {
            RelayMain.await(vertx.close(), 30);
            throw e;
        }
        System.out.println("osiris relay listening on " + relay.baseUrl());
        System.out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("shutting down");
            try {
                RelayMain.await(relay.close(), 90);
                RelayMain.await(vertx.close(), 30);
            } catch (Exception e) {
                LOG.warning("unclean shutdown: " + RelayMain.describe(e));
            } finally {
                stopped.countDown();
            }
        }, "osiris-relay-shutdown"));
        stopped.await();
        return 0;
    }
}
