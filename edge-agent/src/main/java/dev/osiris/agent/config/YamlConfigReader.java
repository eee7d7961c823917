package dev.osiris.agent.config;

import dev.osiris.agent.evidence.EvidenceSync;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.osiris.agent.remote.RemoteConfig;
import dev.osiris.agent.time.NtpServer;
import dev.osiris.agent.time.TimeConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;

/** Reads the agent's YAML configuration strictly: unknown keys and ill-typed values are refused with their path. */
final class YamlConfigReader {

    private static final Set<String> TOP = Set.of("siteId", "relayUrl", "apiKeyFile", "dataDir", "checkinInterval",
            "checkinJitter", "backoffMin", "backoffMax", "requestTimeout", "connectTimeout", "evidenceSync",
            "bundleMaxRecords", "tls", "reachabilityInterval", "drift", "remote", "time", "update",
            "metricsPort");
    private static final Set<String> TLS = Set.of("caFile", "pinSha256");
    private static final Set<String> DRIFT = Set.of("scanConcurrency", "firstScanDelay", "maxAttempts", "retryBackoff",
            "flapThreshold", "flapWindow", "promoteAfter");
    private static final Set<String> REMOTE = Set.of("connectTimeout", "operationTimeout", "maxOutputBytes",
            "winrmWorkers", "sshWorkers", "trustOnFirstUse");
    private static final Set<String> TIME = Set.of("servers", "interval", "timeout", "maxOffset");
    private static final Set<String> UPDATE = Set.of("releaseKey", "slotA", "slotB", "rebootCommand", "allowHttp",
            "maxImageBytes", "connectTimeout", "readTimeout", "maintenanceWindow", "kernelCmdline", "grubEnv",
            "requireRelay", "minFreeBytes", "minClock");

    private YamlConfigReader() {
    }

    static AgentConfig read(Path file) {
        JsonNode root;
        try {
            root = new YAMLMapper().readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": no such file");
        } catch (IOException e) {
            throw new ConfigException(file + ": not readable YAML: " + firstLine(e.getMessage()), e);
        }
        try {
            return parse(root, file.toAbsolutePath().getParent());
        } catch (ConfigException e) {
            throw new ConfigException(file + ": " + e.getMessage(), e);
        }
    }

    /** Relative paths in the file are resolved against {@code base}, the file's directory. */
    static AgentConfig parse(JsonNode root, Path base) {
        if (root == null || !root.isObject()) {
            throw new ConfigException("the configuration must be a YAML mapping");
        }
        refuseUnknown(root, TOP, "");
        AgentConfig.Builder b = AgentConfig.builder();
        b.siteId(string(root, "siteId", "siteId"));
        b.relayUrl(string(root, "relayUrl", "relayUrl"));
        b.apiKeyFile(path(root, "apiKeyFile", "apiKeyFile", base));
        b.dataDir(path(root, "dataDir", "dataDir", base));
        if (root.has("checkinInterval")) b.checkinInterval(duration(root, "checkinInterval"));
        if (root.has("checkinJitter")) b.checkinJitter(number(root, "checkinJitter", "checkinJitter"));
        if (root.has("backoffMin")) b.backoffMin(duration(root, "backoffMin"));
        if (root.has("backoffMax")) b.backoffMax(duration(root, "backoffMax"));
        if (root.has("requestTimeout")) b.requestTimeout(duration(root, "requestTimeout"));
        if (root.has("connectTimeout")) b.connectTimeout(duration(root, "connectTimeout"));
        if (root.has("evidenceSync")) {
            String v = string(root, "evidenceSync", "evidenceSync").toUpperCase(Locale.ROOT);
            try {
                b.evidenceSync(EvidenceSync.valueOf(v));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("evidenceSync: must be FULL or NORMAL, got \"" + v + "\"");
            }
        }
        if (root.has("bundleMaxRecords")) {
            JsonNode n = root.get("bundleMaxRecords");
            if (!n.isIntegralNumber() || !n.canConvertToInt()) {
                throw new ConfigException("bundleMaxRecords: must be an integer");
            }
            b.bundleMaxRecords(n.intValue());
        }
        if (root.has("metricsPort")) {
            b.metricsPort(integer(root, "metricsPort", "metricsPort"));
        }
        if (root.has("reachabilityInterval")) {
            JsonNode v = root.get("reachabilityInterval");
            boolean off = v.isBoolean() && !v.booleanValue() || v.isTextual() && v.asText().trim().equals("off");
            b.reachabilityInterval(off ? java.time.Duration.ZERO : duration(root, "reachabilityInterval"));
        }
        if (root.has("tls")) {
            JsonNode tls = root.get("tls");
            if (!tls.isObject()) {
                throw new ConfigException("tls: must be a mapping with caFile and/or pinSha256");
            }
            refuseUnknown(tls, TLS, "tls.");
            Path caFile = tls.has("caFile") ? path(tls, "caFile", "tls.caFile", base) : null;
            if (caFile != null && !Files.isReadable(caFile)) {
                throw new ConfigException("tls.caFile: " + caFile + " is not a readable file");
            }
            b.tls(new TlsConfig(caFile, tls.has("pinSha256") ? string(tls, "pinSha256", "tls.pinSha256") : null));
        }
        if (root.has("drift")) {
            b.drift(drift(root.get("drift")));
        }
        if (root.has("remote")) {
            b.remote(remote(root.get("remote")));
        }
        if (root.has("time")) {
            b.time(time(root.get("time")));
        }
        if (root.has("update")) {
            b.update(update(root.get("update"), base));
        }
        return b.build();
    }

    private static DriftConfig drift(JsonNode node) {
        if (!node.isObject()) {
            throw new ConfigException("drift: must be a mapping");
        }
        refuseUnknown(node, DRIFT, "drift.");
        DriftConfig d = DriftConfig.DEFAULTS;
        return new DriftConfig(
                node.has("scanConcurrency") ? integer(node, "scanConcurrency", "drift.scanConcurrency") : d.scanConcurrency(),
                node.has("firstScanDelay") ? duration(node, "firstScanDelay", "drift.firstScanDelay") : d.firstScanDelay(),
                node.has("maxAttempts") ? integer(node, "maxAttempts", "drift.maxAttempts") : d.maxAttempts(),
                node.has("retryBackoff") ? duration(node, "retryBackoff", "drift.retryBackoff") : d.retryBackoff(),
                node.has("flapThreshold") ? integer(node, "flapThreshold", "drift.flapThreshold") : d.flapThreshold(),
                node.has("flapWindow") ? duration(node, "flapWindow", "drift.flapWindow") : d.flapWindow(),
                node.has("promoteAfter") ? integer(node, "promoteAfter", "drift.promoteAfter") : d.promoteAfter());
    }

    /** The {@code update:} section; every key optional, defaults are {@link UpdateConfig#DEFAULTS}. */
    private static UpdateConfig update(JsonNode node, Path base) {
        if (!node.isObject()) {
            throw new ConfigException("update: must be a mapping");
        }
        refuseUnknown(node, UPDATE, "update.");
        UpdateConfig d = UpdateConfig.DEFAULTS;
        java.util.List<String> reboot = d.rebootCommand();
        if (node.has("rebootCommand")) {
            JsonNode list = node.get("rebootCommand");
            if (!list.isArray() || list.isEmpty()) {
                throw new ConfigException("update.rebootCommand: must be a list of words, e.g. [systemctl, reboot]");
            }
            reboot = new java.util.ArrayList<>();
            for (JsonNode word : list) {
                reboot.add(word.asText());
            }
        }
        MaintenanceWindow window = null;
        if (node.has("maintenanceWindow")) {
            try {
                window = MaintenanceWindow.parse(string(node, "maintenanceWindow", "update.maintenanceWindow"),
                        java.time.ZoneId.systemDefault());
            } catch (IllegalArgumentException e) {
                throw new ConfigException("update.maintenanceWindow: " + e.getMessage());
            }
        }
        java.time.Instant minClock = d.minClock();
        if (node.has("minClock")) {
            try {
                minClock = java.time.Instant.parse(string(node, "minClock", "update.minClock"));
            } catch (java.time.format.DateTimeParseException e) {
                throw new ConfigException("update.minClock: must be an ISO-8601 instant, e.g. 2026-01-01T00:00:00Z");
            }
        }
        return new UpdateConfig(
                node.has("releaseKey") ? string(node, "releaseKey", "update.releaseKey") : d.releaseKey(),
                node.has("slotA") ? path(node, "slotA", "update.slotA", base) : d.slotA(),
                node.has("slotB") ? path(node, "slotB", "update.slotB", base) : d.slotB(),
                reboot,
                node.has("allowHttp") ? bool(node, "allowHttp", "update.allowHttp") : d.allowHttp(),
                node.has("maxImageBytes") ? longValue(node, "maxImageBytes", "update.maxImageBytes") : d.maxImageBytes(),
                node.has("connectTimeout") ? duration(node, "connectTimeout", "update.connectTimeout") : d.connectTimeout(),
                node.has("readTimeout") ? duration(node, "readTimeout", "update.readTimeout") : d.readTimeout(),
                window,
                node.has("kernelCmdline") ? path(node, "kernelCmdline", "update.kernelCmdline", base) : d.kernelCmdline(),
                node.has("grubEnv") ? path(node, "grubEnv", "update.grubEnv", base) : d.grubEnv(),
                node.has("requireRelay") ? bool(node, "requireRelay", "update.requireRelay") : d.requireRelay(),
                node.has("minFreeBytes") ? longValue(node, "minFreeBytes", "update.minFreeBytes") : d.minFreeBytes(),
                minClock);
    }

    private static long longValue(JsonNode node, String field, String path) {
        JsonNode n = node.get(field);
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            throw new ConfigException(path + ": must be an integer");
        }
        return n.longValue();
    }

    /** The {@code remote:} section; every key optional, defaults are {@link RemoteConfig#DEFAULTS}. */
    private static RemoteConfig remote(JsonNode node) {
        if (!node.isObject()) {
            throw new ConfigException("remote: must be a mapping");
        }
        refuseUnknown(node, REMOTE, "remote.");
        RemoteConfig d = RemoteConfig.DEFAULTS;
        var connect = node.has("connectTimeout") ? duration(node, "connectTimeout", "remote.connectTimeout") : d.connectTimeout();
        var operation = node.has("operationTimeout") ? duration(node, "operationTimeout", "remote.operationTimeout")
                : d.operationTimeout();
        int output = node.has("maxOutputBytes") ? integer(node, "maxOutputBytes", "remote.maxOutputBytes") : d.maxOutputBytes();
        int winrm = node.has("winrmWorkers") ? integer(node, "winrmWorkers", "remote.winrmWorkers") : d.winrmWorkers();
        int ssh = node.has("sshWorkers") ? integer(node, "sshWorkers", "remote.sshWorkers") : d.sshWorkers();
        boolean tofu = node.has("trustOnFirstUse") ? bool(node, "trustOnFirstUse", "remote.trustOnFirstUse")
                : d.trustOnFirstUse();
        try {
            return new RemoteConfig(connect, operation, output, winrm, ssh, tofu);
        } catch (IllegalArgumentException e) {
            // RemoteConfig's messages already start with the key's path
            throw new ConfigException(e.getMessage(), e);
        }
    }

    /** The {@code time:} section: {@code servers} (host, host:port or [v6]:port) required, the rest optional. */
    private static TimeConfig time(JsonNode node) {
        if (!node.isObject()) {
            throw new ConfigException("time: must be a mapping");
        }
        refuseUnknown(node, TIME, "time.");
        JsonNode list = node.get("servers");
        if (list == null || !list.isArray()) {
            throw new ConfigException("time.servers: must be a list of NTP servers (host or host:port)");
        }
        java.util.List<NtpServer> servers = new java.util.ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode v = list.get(i);
            if (!v.isTextual()) {
                throw new ConfigException("time.servers[" + i + "]: must be a string");
            }
            try {
                servers.add(NtpServer.parse(v.asText()));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("time.servers[" + i + "]: " + e.getMessage(), e);
            }
        }
        if (servers.isEmpty()) {
            throw new ConfigException("time.servers: must list at least " + TimeConfig.MIN_SERVERS
                    + " servers (leave the time section out to not check the clock)");
        }
        TimeConfig d = TimeConfig.OFF;
        try {
            return new TimeConfig(servers,
                    node.has("interval") ? duration(node, "interval", "time.interval") : d.interval(),
                    node.has("timeout") ? duration(node, "timeout", "time.timeout") : d.timeout(),
                    node.has("maxOffset") ? duration(node, "maxOffset", "time.maxOffset") : d.maxOffset());
        } catch (IllegalArgumentException e) {
            // TimeConfig's messages already start with the key's path
            throw new ConfigException(e.getMessage(), e);
        }
    }

    private static boolean bool(JsonNode node, String field, String path) {
        JsonNode n = node.get(field);
        if (!n.isBoolean()) {
            throw new ConfigException(path + ": must be true or false");
        }
        return n.booleanValue();
    }

    private static int integer(JsonNode node, String field, String path) {
        JsonNode n = node.get(field);
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            throw new ConfigException(path + ": must be an integer");
        }
        return n.intValue();
    }

    private static void refuseUnknown(JsonNode node, Set<String> known, String prefix) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!known.contains(key)) {
                throw new ConfigException(prefix + key + ": unknown key (known: " + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        }
    }

    private static String string(JsonNode node, String field, String path) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new ConfigException(path + ": is required");
        }
        if (!v.isValueNode()) {
            throw new ConfigException(path + ": must be a string");
        }
        return v.asText();
    }

    private static Path path(JsonNode node, String field, String path, Path base) {
        return base.resolve(string(node, field, path)).normalize();
    }

    private static double number(JsonNode node, String field, String path) {
        JsonNode v = node.get(field);
        if (!v.isNumber()) {
            throw new ConfigException(path + ": must be a number");
        }
        return v.doubleValue();
    }

    private static java.time.Duration duration(JsonNode node, String field) {
        return duration(node, field, field);
    }

    private static java.time.Duration duration(JsonNode node, String field, String path) {
        JsonNode v = node.get(field);
        if (v.isIntegralNumber()) {
            return java.time.Duration.ofSeconds(v.longValue());
        }
        return Durations.parse(string(node, field, path), path);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
