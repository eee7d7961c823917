package dev.osiris.relay.app;

import dev.osiris.relay.alerts.SmtpConfig;
import dev.osiris.relay.api.HttpEdgeConfig;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The relay's configuration, validated once on construction with path-qualified messages.
 *
 * @param dataDir          where the embedded PostgreSQL, the master key and the binaries cache live
 * @param host             address to listen on
 * @param port             port to listen on; 0 picks a free one
 * @param databaseUrl      {@code postgres://user:pass@host:port/db}; empty runs the embedded PostgreSQL
 * @param databaseMigrationUrl the same for the role that owns the schema and runs migrations; empty: databaseUrl's
 * @param tlsCert          PEM certificate chain; with {@code tlsKey}, serves HTTPS (TLS 1.2 and 1.3 only)
 * @param tlsKey           PEM private key
 * @param checkinBodyLimit largest accepted check-in body, bytes (413 above)
 * @param bundleBodyLimit  largest accepted evidence bundle body, bytes (413 above)
 * @param poolSize         PostgreSQL connections
 * @param smtp             how alerts are mailed; empty: incidents still queue their alerts, nothing is sent
 * @param signatureWindow  how far an appliance request's signed timestamp may be from the relay's clock, either
 *                         way, and how long its signature is remembered to refuse a replay
 * @param http             deadlines, the per-source connection cap and the memory budget of bodies in flight
 * @param historyRetention how long stored check-in reports are kept (the appliances' current state is kept
 *                         whatever their age); the retention job deletes older ones
 * @param metricsPort      where {@code /metrics} (Prometheus) is served, on 127.0.0.1 only, apart from the API;
 *                         empty: not served
 */
public record RelayConfig(Path dataDir, String host, int port, Optional<String> databaseUrl,
                          Optional<String> databaseMigrationUrl, Optional<Path> tlsCert,
                          Optional<Path> tlsKey, int checkinBodyLimit, int bundleBodyLimit, int poolSize,
                          Optional<SmtpConfig> smtp, Duration signatureWindow,
                          HttpEdgeConfig http, Duration historyRetention, OptionalInt metricsPort) {

    public static final int DEFAULT_CHECKIN_BODY_LIMIT = 1024 * 1024;
    public static final int DEFAULT_BUNDLE_BODY_LIMIT = 16 * 1024 * 1024;
    public static final int DEFAULT_POOL_SIZE = 8;
    private static final int MAX_BODY_LIMIT = 256 * 1024 * 1024;
    public static final Duration DEFAULT_SIGNATURE_WINDOW = Duration.ofMinutes(1);
    public static final Duration DEFAULT_HISTORY_RETENTION = Duration.ofDays(30);
    private static final Duration MAX_SIGNATURE_WINDOW = Duration.ofHours(1);

    public RelayConfig {
        Objects.requireNonNull(dataDir, "relay.dataDir is required");
        Objects.requireNonNull(databaseUrl, "relay.databaseUrl must be an Optional");
        Objects.requireNonNull(databaseMigrationUrl, "relay.databaseMigrationUrl must be an Optional");
        Objects.requireNonNull(tlsCert, "relay.tlsCert must be an Optional");
        Objects.requireNonNull(tlsKey, "relay.tlsKey must be an Optional");
        Objects.requireNonNull(smtp, "relay.smtp must be an Optional");
        Objects.requireNonNull(http, "relay.http is required");
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("relay.host must not be blank");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("relay.port must be between 0 and 65535, got " + port);
        }
        if (tlsCert.isPresent() != tlsKey.isPresent()) {
            throw new IllegalArgumentException("relay.tlsCert and relay.tlsKey must be given together");
        }
        if (checkinBodyLimit < 1024 || checkinBodyLimit > MAX_BODY_LIMIT) {
            throw new IllegalArgumentException("relay.checkinBodyLimit must be between 1024 and " + MAX_BODY_LIMIT);
        }
        if (bundleBodyLimit < 1024 || bundleBodyLimit > MAX_BODY_LIMIT) {
            throw new IllegalArgumentException("relay.bundleBodyLimit must be between 1024 and " + MAX_BODY_LIMIT);
        }
        if (poolSize < 1 || poolSize > 256) {
            throw new IllegalArgumentException("relay.poolSize must be between 1 and 256, got " + poolSize);
        }
        Objects.requireNonNull(signatureWindow, "relay.signatureWindow is required");
        if (signatureWindow.compareTo(Duration.ofSeconds(10)) < 0 || signatureWindow.compareTo(MAX_SIGNATURE_WINDOW) > 0) {
            throw new IllegalArgumentException("relay.signatureWindow must be between 10 s and "
                    + MAX_SIGNATURE_WINDOW.toMinutes() + " min, got " + signatureWindow.toSeconds() + " s");
        }
        Objects.requireNonNull(historyRetention, "relay.historyRetention is required");
        if (historyRetention.compareTo(Duration.ofHours(1)) < 0) {
            throw new IllegalArgumentException("relay.historyRetention must be at least 1 hour, got " + historyRetention);
        }
        Objects.requireNonNull(metricsPort, "relay.metricsPort must be an OptionalInt");
        if (metricsPort.isPresent() && (metricsPort.getAsInt() < 0 || metricsPort.getAsInt() > 65535)) {
            throw new IllegalArgumentException("relay.metricsPort must be between 0 and 65535, got "
                    + metricsPort.getAsInt());
        }
        databaseUrl = databaseUrl.filter(url -> !url.isBlank());
        databaseMigrationUrl = databaseMigrationUrl.filter(url -> !url.isBlank());
        if (databaseMigrationUrl.isPresent() && databaseUrl.isEmpty()) {
            throw new IllegalArgumentException("relay.databaseMigrationUrl needs relay.databaseUrl");
        }
    }

    /** A configuration with the default history retention and no metrics endpoint. */
    public RelayConfig(Path dataDir, String host, int port, Optional<String> databaseUrl,
                       Optional<String> databaseMigrationUrl, Optional<Path> tlsCert, Optional<Path> tlsKey,
                       int checkinBodyLimit, int bundleBodyLimit, int poolSize, Optional<SmtpConfig> smtp,
                       Duration signatureWindow, HttpEdgeConfig http) {
        this(dataDir, host, port, databaseUrl, databaseMigrationUrl, tlsCert, tlsKey, checkinBodyLimit,
                bundleBodyLimit, poolSize, smtp, signatureWindow, http, DEFAULT_HISTORY_RETENTION, OptionalInt.empty());
    }

    /** 127.0.0.1, an ephemeral port, embedded PostgreSQL, plain HTTP, 1 MiB / 16 MiB body limits, 8 connections, no mail,
     * a 5-minute signature window, the HTTP edge's defaults ({@link HttpEdgeConfig#defaults()}). */
    public static RelayConfig defaults(Path dataDir) {
        return new RelayConfig(dataDir, "127.0.0.1", 0, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), DEFAULT_CHECKIN_BODY_LIMIT, DEFAULT_BUNDLE_BODY_LIMIT, DEFAULT_POOL_SIZE,
                Optional.empty(), DEFAULT_SIGNATURE_WINDOW, HttpEdgeConfig.defaults(), DEFAULT_HISTORY_RETENTION, OptionalInt.empty());
    }

    public RelayConfig withPort(int newPort) {
        return new RelayConfig(dataDir, host, newPort, databaseUrl, databaseMigrationUrl, tlsCert, tlsKey,
                checkinBodyLimit, bundleBodyLimit, poolSize, smtp, signatureWindow, http, historyRetention, metricsPort);
    }

    public RelayConfig withHost(String newHost) {
        return new RelayConfig(dataDir, newHost, port, databaseUrl, databaseMigrationUrl, tlsCert, tlsKey,
                checkinBodyLimit, bundleBodyLimit, poolSize, smtp, signatureWindow, http, historyRetention, metricsPort);
    }

    /** @param url a PostgreSQL URL, or null for the embedded server */
    public RelayConfig withDatabaseUrl(String url) {
        return new RelayConfig(dataDir, host, port, Optional.ofNullable(url), databaseMigrationUrl, tlsCert, tlsKey,
                checkinBodyLimit, bundleBodyLimit, poolSize, smtp, signatureWindow, http, historyRetention, metricsPort);
    }

    /** @param url the schema owner's PostgreSQL URL for migrations, or null to migrate as {@link #databaseUrl} */
    public RelayConfig withDatabaseMigrationUrl(String url) {
        return new RelayConfig(dataDir, host, port, databaseUrl, Optional.ofNullable(url), tlsCert, tlsKey,
                checkinBodyLimit, bundleBodyLimit, poolSize, smtp, signatureWindow, http, historyRetention, metricsPort);
    }

    public RelayConfig withTls(Path cert, Path key) {
        return new RelayConfig(dataDir, host, port, databaseUrl, databaseMigrationUrl, Optional.of(cert),
                Optional.of(key), checkinBodyLimit, bundleBodyLimit, poolSize, smtp, signatureWindow, http, historyRetention, metricsPort);
    }

    public RelayConfig withBodyLimits(int checkin, int bundle) {
        return new RelayConfig(dataDir, host, port, databaseUrl, databaseMigrationUrl, tlsCert, tlsKey, checkin,
                bundle, poolSize, smtp, signatureWindow, http, historyRetention, metricsPort);
    }

    public RelayConfig withPoolSize(int size) {
        return new RelayConfig(dataDir, host, port, databaseUrl, databaseMigrationUrl, tlsCert, tlsKey,
                checkinBodyLimit, bundleBodyLimit, size, smtp, signatureWindow, http, historyRetention, metricsPort);
    }

    public RelayConfig withSmtp(SmtpConfig config) {
        return new RelayConfig(dataDir, host, port, databaseUrl, databaseMigrationUrl, tlsCert, tlsKey,
                checkinBodyLimit, bundleBodyLimit, poolSize, Optional.of(config), signatureWindow, http, historyRetention, metricsPort);
    }

    public RelayConfig withSignatureWindow(Duration window) {
        return new RelayConfig(dataDir, host, port, databaseUrl, databaseMigrationUrl, tlsCert, tlsKey,
                checkinBodyLimit, bundleBodyLimit, poolSize, smtp, window, http, historyRetention, metricsPort);
    }

    public RelayConfig withHttp(HttpEdgeConfig edge) {
        return new RelayConfig(dataDir, host, port, databaseUrl, databaseMigrationUrl, tlsCert, tlsKey,
                checkinBodyLimit, bundleBodyLimit, poolSize, smtp, signatureWindow, edge, historyRetention, metricsPort);
    }

    public RelayConfig withHistoryRetention(Duration retention) {
        return new RelayConfig(dataDir, host, port, databaseUrl, databaseMigrationUrl, tlsCert, tlsKey,
                checkinBodyLimit, bundleBodyLimit, poolSize, smtp, signatureWindow, http, retention, metricsPort);
    }

    /** @param port where {@code /metrics} is served on 127.0.0.1 (0: any free port) */
    public RelayConfig withMetricsPort(int port) {
        return new RelayConfig(dataDir, host, this.port, databaseUrl, databaseMigrationUrl, tlsCert, tlsKey,
                checkinBodyLimit, bundleBodyLimit, poolSize, smtp, signatureWindow, http, historyRetention,
                OptionalInt.of(port));
    }

    /** Where alerts of sites without their own address go, if anywhere. */
    public Optional<String> defaultAlertRecipient() {
        return smtp.flatMap(SmtpConfig::defaultRecipient);
    }

    public boolean tls() {
        return tlsCert.isPresent();
    }
}
