package dev.osiris.agent.config;

import dev.osiris.agent.evidence.EvidenceSync;
import dev.osiris.agent.remote.RemoteConfig;
import dev.osiris.agent.time.TimeConfig;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The agent's configuration, validated once when built: every failure is a {@link ConfigException} whose
 * message starts with the key's path. Build it with {@link #builder()} in code or {@link #load(Path)} from YAML.
 *
 * @param siteId           the site this appliance belongs to
 * @param relayUrl         base URL of the relay; https, or http to a loopback address only
 * @param apiKeyFile       file holding the appliance's API key
 * @param dataDir          where the evidence database, appliance key and status file live
 * @param checkinInterval  time between check-ins, until the relay says otherwise
 * @param checkinJitter    fraction (0..0.5) by which each interval is randomly shortened or stretched
 * @param backoffMin       first retry delay while the relay is unreachable
 * @param backoffMax       cap on the retry delay
 * @param requestTimeout   whole-request timeout for relay calls
 * @param connectTimeout   TCP/TLS connect timeout for relay calls
 * @param evidenceSync     SQLite durability of evidence commits
 * @param bundleMaxRecords records per uploaded evidence bundle (1..5000)
 * @param tls              trust settings for the relay connection
 * @param reachabilityInterval how often every target is probed (also after each change of targets);
 *                         zero turns automatic probes off
 * @param drift            scanning and healing limits
 * @param remote           timeouts, output cap, worker pools and trust on first use of the remote shells
 * @param metricsPort      where the agent serves its Prometheus metrics, on 127.0.0.1 only; 0: not served
 */
public record AgentConfig(String siteId, URI relayUrl, Path apiKeyFile, Path dataDir, Duration checkinInterval,
                          double checkinJitter, Duration backoffMin, Duration backoffMax, Duration requestTimeout,
                          Duration connectTimeout, EvidenceSync evidenceSync, int bundleMaxRecords, TlsConfig tls,
                          Duration reachabilityInterval, DriftConfig drift, RemoteConfig remote, TimeConfig time,
                          UpdateConfig update, int metricsPort) {

    public AgentConfig {
        siteId = ConfigValidation.text(siteId, "siteId");
        ConfigValidation.relayUrl(relayUrl);
        require(apiKeyFile, "apiKeyFile");
        require(dataDir, "dataDir");
        ConfigValidation.positive(checkinInterval, "checkinInterval");
        if (!(checkinJitter >= 0 && checkinJitter <= 0.5)) {
            throw new ConfigException("checkinJitter: must be between 0 and 0.5, got " + checkinJitter);
        }
        ConfigValidation.positive(backoffMin, "backoffMin");
        ConfigValidation.positive(backoffMax, "backoffMax");
        if (backoffMax.compareTo(backoffMin) < 0) {
            throw new ConfigException("backoffMax: must not be shorter than backoffMin (" + Durations.format(backoffMin) + ")");
        }
        ConfigValidation.positive(requestTimeout, "requestTimeout");
        ConfigValidation.positive(connectTimeout, "connectTimeout");
        require(evidenceSync, "evidenceSync");
        if (bundleMaxRecords < 1 || bundleMaxRecords > 5000) {
            throw new ConfigException("bundleMaxRecords: must be between 1 and 5000, got " + bundleMaxRecords);
        }
        if (reachabilityInterval == null || reachabilityInterval.isNegative()) {
            throw new ConfigException("reachabilityInterval: must be a duration, or 0/off to probe only when asked");
        }
        if (!reachabilityInterval.isZero() && reachabilityInterval.compareTo(Duration.ofSeconds(10)) < 0) {
            throw new ConfigException("reachabilityInterval: must be at least 10s (or 0/off), got "
                    + Durations.format(reachabilityInterval));
        }
        if (metricsPort < 0 || metricsPort > 65535) {
            throw new ConfigException("metricsPort: must be a TCP port (1-65535), or 0 to serve no metrics, got "
                    + metricsPort);
        }
        tls = tls == null ? TlsConfig.DEFAULT : tls;
        drift = drift == null ? DriftConfig.DEFAULTS : drift;
        remote = remote == null ? RemoteConfig.DEFAULTS : remote;
        time = time == null ? TimeConfig.OFF : time;
        update = update == null ? UpdateConfig.DEFAULTS : update;
        if (tls.caFile() != null && tls.pinSha256() != null) {
            throw new ConfigException("tls: set caFile or pinSha256, not both");
        }
        if ((tls.caFile() != null || tls.pinSha256() != null) && "http".equals(relayUrl.getScheme())) {
            throw new ConfigException("tls: relayUrl is plain http, so tls settings would be ignored");
        }
    }

    private static void require(Object value, String path) {
        if (value == null) {
            throw new ConfigException(path + ": is required");
        }
    }

    /** Reads and validates a YAML file; unknown keys are refused. @throws ConfigException naming the file and key */
    public static AgentConfig load(Path file) {
        return YamlConfigReader.read(file);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Path evidenceDatabase() {
        return dataDir.resolve("evidence.db");
    }

    public Path applianceKeyFile() {
        return dataDir.resolve("appliance.key");
    }

    /** The update's state and staging area, in the data partition an update never touches. */
    public Path updateDir() {
        return dataDir.resolve("update");
    }

    public Path statusFile() {
        return dataDir.resolve("status.json");
    }

    /** A builder pre-filled with every default; siteId, relayUrl, apiKeyFile and dataDir must be set. */
    public static final class Builder {
        private String siteId;
        private URI relayUrl;
        private Path apiKeyFile;
        private Path dataDir;
        private Duration checkinInterval = Duration.ofSeconds(60);
        private double checkinJitter = 0.1;
        private Duration backoffMin = Duration.ofSeconds(2);
        private Duration backoffMax = Duration.ofSeconds(300);
        private Duration requestTimeout = Duration.ofSeconds(10);
        private Duration connectTimeout = Duration.ofSeconds(5);
        private EvidenceSync evidenceSync = EvidenceSync.FULL;
        private int bundleMaxRecords = 1000;
        private TlsConfig tls = TlsConfig.DEFAULT;
        private Duration reachabilityInterval = Duration.ofMinutes(15);
        private DriftConfig drift = DriftConfig.DEFAULTS;
        private RemoteConfig remote = RemoteConfig.DEFAULTS;
        private TimeConfig time = TimeConfig.OFF;
        private UpdateConfig update = UpdateConfig.DEFAULTS;
        private int metricsPort;

        private Builder() {
        }

        public Builder siteId(String v) { siteId = v; return this; }
        public Builder relayUrl(URI v) { relayUrl = v; return this; }
        public Builder relayUrl(String v) { relayUrl = ConfigValidation.uri(v, "relayUrl"); return this; }
        public Builder apiKeyFile(Path v) { apiKeyFile = v; return this; }
        public Builder dataDir(Path v) { dataDir = v; return this; }
        public Builder checkinInterval(Duration v) { checkinInterval = v; return this; }
        public Builder checkinJitter(double v) { checkinJitter = v; return this; }
        public Builder backoffMin(Duration v) { backoffMin = v; return this; }
        public Builder backoffMax(Duration v) { backoffMax = v; return this; }
        public Builder requestTimeout(Duration v) { requestTimeout = v; return this; }
        public Builder connectTimeout(Duration v) { connectTimeout = v; return this; }
        public Builder evidenceSync(EvidenceSync v) { evidenceSync = Objects.requireNonNull(v); return this; }
        public Builder bundleMaxRecords(int v) { bundleMaxRecords = v; return this; }
        public Builder tls(TlsConfig v) { tls = v; return this; }
        public Builder reachabilityInterval(Duration v) { reachabilityInterval = v; return this; }
        public Builder drift(DriftConfig v) { drift = v; return this; }
        public Builder remote(RemoteConfig v) { remote = v; return this; }
        public Builder time(TimeConfig v) { time = v; return this; }
        public Builder update(UpdateConfig v) { update = v; return this; }
        public Builder metricsPort(int v) { metricsPort = v; return this; }

        public AgentConfig build() {
            return new AgentConfig(siteId, relayUrl, apiKeyFile, dataDir, checkinInterval, checkinJitter, backoffMin,
                    backoffMax, requestTimeout, connectTimeout, evidenceSync, bundleMaxRecords, tls, reachabilityInterval,
                    drift, remote, time, update, metricsPort);
        }
    }
}
