package dev.osiris.relay.app;

import dev.osiris.protocol.checkin.Secret;
import dev.osiris.relay.alerts.SmtpConfig;
import dev.osiris.relay.api.HttpEdgeConfig;
import io.vertx.core.Vertx;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Path;
import java.time.Duration;
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

    @Option(names = "--smtp-host", description = "SMTP server for incident alerts (none: alerts queue, unsent)")
    String smtpHost;

    @Option(names = "--smtp-port", defaultValue = "587", description = "SMTP port (default ${DEFAULT-VALUE})")
    int smtpPort;

    @Option(names = "--smtp-from", defaultValue = "osiris-relay@localhost", description = "Sender address of alerts")
    String smtpFrom;

    @Option(names = "--smtp-plain", description = "Do not require STARTTLS (a mail relay on this host only)")
    boolean smtpPlain;

    @Option(names = "--smtp-username", description = "SMTP login; the password comes from $" + SMTP_PASSWORD_ENV
            + " or --smtp-password-file, never from the command line")
    String smtpUsername;

    @Option(names = "--smtp-password-file", description = "File holding the SMTP password")
    Path smtpPasswordFile;

    @Option(names = "--alert-email", description = "Recipient of alerts of sites without their own address")
    String alertEmail;

    @Option(names = "--signature-window-seconds", defaultValue = "60", description = "How far an appliance's signed"
            + " request time may be from the relay's clock; replays are refused within it, and every signature in it is"
            + " remembered, so a longer window costs memory at fleet rates (default ${DEFAULT-VALUE})")
    long signatureWindowSeconds;

    @Option(names = "--body-mib-in-flight", defaultValue = "64", description = "Memory all request bodies being "
            + "read may take together, MiB; past it requests are refused 503 with Retry-After (default ${DEFAULT-VALUE})")
    long bodyMibInFlight;

    @Option(names = "--header-timeout", defaultValue = "10", description = "Seconds a request's headers may take, "
            + "and an idle keep-alive connection may wait (default ${DEFAULT-VALUE})")
    long headerTimeout;

    @Option(names = "--body-timeout", defaultValue = "30", description = "Seconds a request's body may take "
            + "(default ${DEFAULT-VALUE})")
    long bodyTimeout;

    @Option(names = "--idle-timeout", defaultValue = "60", description = "Seconds a silent connection is kept "
            + "(default ${DEFAULT-VALUE})")
    long idleTimeout;

    @Option(names = "--max-connections-per-source", defaultValue = "64", description = "Open connections one "
            + "address may hold (default ${DEFAULT-VALUE})")
    int maxConnectionsPerSource;

    @Option(names = "--max-checkins-in-flight", defaultValue = "1024", description = "Check-ins worked on at once; "
            + "past it 503 with Retry-After at once (default ${DEFAULT-VALUE})")
    int maxCheckinsInFlight;

    @Option(names = "--max-checkin-queue-millis", defaultValue = "2000", description = "Milliseconds a check-in"
            + " may wait for the database once its body has arrived; past it 503 with Retry-After, nothing stored"
            + " (default ${DEFAULT-VALUE})")
    long maxCheckinQueueMillis;

    @Option(names = "--retry-after", defaultValue = "5", description = "Seconds a shed check-in is asked to wait, "
            + "spread up to twice that (default ${DEFAULT-VALUE})")
    long retryAfter;

    @Option(names = "--metrics-port", description = "Serve Prometheus /metrics on 127.0.0.1 at this port (0: any"
            + " free port; default: not served)")
    Integer metricsPort;

    @Option(names = "--history-days", defaultValue = "30", description = "Days stored check-in reports are kept; the"
            + " appliances' current state is kept regardless (default ${DEFAULT-VALUE})")
    long historyDays;

    static final String SMTP_PASSWORD_ENV = "OSIRIS_SMTP_PASSWORD";

    @Override
    public Integer call() throws Exception {
        RelayConfig config = root.config().withHost(host).withPoolSize(poolSize)
                .withSignatureWindow(Duration.ofSeconds(signatureWindowSeconds))
                .withHttp(new HttpEdgeConfig(bodyMibInFlight * 1024 * 1024, Duration.ofSeconds(headerTimeout),
                        Duration.ofSeconds(bodyTimeout), Duration.ofSeconds(idleTimeout), maxConnectionsPerSource,
                        maxCheckinsInFlight, Duration.ofSeconds(retryAfter), Duration.ofMillis(maxCheckinQueueMillis)))
                .withHistoryRetention(Duration.ofDays(historyDays));
        if (metricsPort != null) {
            config = config.withMetricsPort(metricsPort);
        }
        if (smtpHost != null) {
            config = config.withSmtp(smtp());
        }
        if (tlsCert != null || tlsKey != null) {
            if (tlsCert == null || tlsKey == null) {
                throw new IllegalArgumentException("--tls-cert and --tls-key must be given together");
            }
            config = config.withTls(tlsCert, tlsKey);
        }
        config = config.withPort(port != null ? port : config.tls() ? 8443 : 8080);
        // with /metrics, Vert.x reports its HTTP servers and pools into the same registry as the relay's own meters
        Vertx vertx = config.metricsPort().isPresent() ? RelayMetrics.vertx(RelayMetrics.newRegistry()) : Vertx.vertx();
        Relay relay;
        try {
            relay = RelayMain.await(Relay.start(vertx, config,
                    dev.osiris.relay.identity.PortalConfig.fromEnvironment(System.getenv())), 600);
        } catch (Exception e) {
            RelayMain.await(vertx.close(), 30);
            throw e;
        }
        System.out.println("osiris relay listening on " + relay.baseUrl());
        if (relay.metricsPort() > 0) {
            System.out.println("osiris relay metrics on http://127.0.0.1:" + relay.metricsPort() + "/metrics");
        }
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

    private SmtpConfig smtp() throws java.io.IOException {
        SmtpConfig smtp = SmtpConfig.of(smtpHost, smtpPort, smtpFrom).withStarttls(!smtpPlain)
                .withDefaultRecipient(alertEmail);
        if (smtpUsername == null) {
            return smtp;
        }
        String password = smtpPasswordFile != null ? java.nio.file.Files.readString(smtpPasswordFile).strip()
                : System.getenv(SMTP_PASSWORD_ENV);
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("--smtp-username needs a password in $" + SMTP_PASSWORD_ENV
                    + " or --smtp-password-file");
        }
        return smtp.withLogin(smtpUsername, new Secret(password));
    }
}
