package dev.osiris.protocol.checkin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.protocol.json.Fields;
import dev.osiris.protocol.json.Json;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The relay's answer to a check-in: the appliance's whole configuration, including the site's targets
 * with their secrets (which the appliance keeps in memory only), and orders not yet acknowledged.
 *
 * @param evidenceHead the last evidence record the relay has stored for this appliance, so the
 *                     appliance knows where its next bundle must start
 * @param scanIntervalSeconds how often the appliance scans each host ({@value #DEFAULT_SCAN_INTERVAL} by default)
 * @param baseline     the site's parameters for runbook expectations, e.g. {@code {"dnsServers":["198.18.0.10"]}}
 * @param resolutions  operators' resolutions of this appliance's incidents not yet acknowledged
 * @param credentialsWithheld true when the relay answered a report it had already answered with credentials (a
 *                     re-send or a replay): {@code targets} is then empty and means nothing, and the appliance
 *                     keeps the targets it holds. On the wire the {@code targets} field is left out, so that an
 *                     agent that does not know this flag fails to read the answer rather than drop its hosts.
 * @param replaces     the appliance (and evidence chain) this one replaced, sent until this appliance's first
 *                     evidence reaches the relay; otherwise empty, and the field is left out
 * @param configVersion the version of the site configuration this answer reflects (0: the relay keeps none); the
 *                     appliance sends it back in its next reports, and an answer to a report that names the current
 *                     version carries no credentials ({@code credentialsWithheld}): the appliance holds them
 */
public record CheckinResponse(String applianceId, String siteId, String siteName, Instant serverTime,
                              int checkinIntervalSeconds, HealingMode healingMode, boolean dryRun,
                              List<String> enabledRunbooks, List<Target> targets, List<Order> orders,
                              EvidenceHead evidenceHead, int scanIntervalSeconds, ObjectNode baseline,
                              List<Resolution> resolutions, boolean credentialsWithheld,
                              Optional<ReplacedChain> replaces, long configVersion) {

    public static final int SCHEMA = 1;
    public static final int DEFAULT_SCAN_INTERVAL = 900;
    public static final int MIN_SCAN_INTERVAL = 60;
    public static final int MAX_SCAN_INTERVAL = 86_400;
    public static final int MAX_BASELINE_BYTES = 64 * 1024;

    public CheckinResponse {
        enabledRunbooks = List.copyOf(enabledRunbooks);
        targets = List.copyOf(targets);
        orders = List.copyOf(orders);
        baseline = baseline == null ? Json.object() : baseline;
        resolutions = List.copyOf(resolutions);
        replaces = replaces == null ? Optional.empty() : replaces;
        if (credentialsWithheld && !targets.isEmpty()) {
            throw new IllegalArgumentException("an answer without credentials carries no targets");
        }
    }

    /** An answer from a relay that keeps no configuration versions. */
    public CheckinResponse(String applianceId, String siteId, String siteName, Instant serverTime,
                           int checkinIntervalSeconds, HealingMode healingMode, boolean dryRun,
                           List<String> enabledRunbooks, List<Target> targets, List<Order> orders,
                           EvidenceHead evidenceHead, int scanIntervalSeconds, ObjectNode baseline,
                           List<Resolution> resolutions, boolean credentialsWithheld,
                           Optional<ReplacedChain> replaces) {
        this(applianceId, siteId, siteName, serverTime, checkinIntervalSeconds, healingMode, dryRun, enabledRunbooks,
                targets, orders, evidenceHead, scanIntervalSeconds, baseline, resolutions, credentialsWithheld,
                replaces, 0);
    }

    /** An answer with the site's targets and their credentials, to an appliance that replaced none. */
    public CheckinResponse(String applianceId, String siteId, String siteName, Instant serverTime,
                           int checkinIntervalSeconds, HealingMode healingMode, boolean dryRun,
                           List<String> enabledRunbooks, List<Target> targets, List<Order> orders,
                           EvidenceHead evidenceHead, int scanIntervalSeconds, ObjectNode baseline,
                           List<Resolution> resolutions) {
        this(applianceId, siteId, siteName, serverTime, checkinIntervalSeconds, healingMode, dryRun, enabledRunbooks,
                targets, orders, evidenceHead, scanIntervalSeconds, baseline, resolutions, false, Optional.empty(), 0);
    }

    /** The same answer without targets and credentials. */
    public CheckinResponse withoutCredentials() {
        return new CheckinResponse(applianceId, siteId, siteName, serverTime, checkinIntervalSeconds, healingMode,
                dryRun, enabledRunbooks, List.of(), orders, evidenceHead, scanIntervalSeconds, baseline, resolutions,
                true, replaces, configVersion);
    }

    /** The same answer with these targets, for an appliance that keeps the ones it holds. */
    public CheckinResponse withTargets(List<Target> kept) {
        return new CheckinResponse(applianceId, siteId, siteName, serverTime, checkinIntervalSeconds, healingMode,
                dryRun, enabledRunbooks, kept, orders, evidenceHead, scanIntervalSeconds, baseline, resolutions,
                false, replaces, configVersion);
    }

    public ObjectNode toJson() {
        ObjectNode json = Json.object();
        json.put("schema", SCHEMA);
        json.put("applianceId", applianceId);
        json.put("siteId", siteId);
        json.put("siteName", siteName);
        json.put("serverTime", serverTime.toString());
        json.put("checkinIntervalSeconds", checkinIntervalSeconds);
        json.put("healingMode", healingMode.wire());
        json.put("dryRun", dryRun);
        ArrayNode runbooks = json.putArray("enabledRunbooks");
        enabledRunbooks.forEach(runbooks::add);
        if (credentialsWithheld) {
            json.put("credentialsWithheld", true);
        } else {
            ArrayNode targetArray = json.putArray("targets");
            targets.forEach(t -> targetArray.add(t.toJson()));
        }
        ArrayNode orderArray = json.putArray("orders");
        orders.forEach(o -> orderArray.add(o.toJson()));
        json.set("evidenceHead", evidenceHead.toJson());
        json.put("scanIntervalSeconds", scanIntervalSeconds);
        json.set("baseline", baseline);
        ArrayNode resolutionArray = json.putArray("resolutions");
        resolutions.forEach(r -> resolutionArray.add(r.toJson()));
        replaces.ifPresent(r -> json.set("replaces", r.toJson()));
        if (configVersion > 0) {
            json.put("configVersion", configVersion);
        }
        return json;
    }

    /**
     * Decodes the relay's answer leniently: fields this agent does not know are ignored (during a rollout the
     * relay is newer than its agents), but duplicate keys and control characters are refused as in a report.
     */
    public static CheckinResponse fromJson(JsonNode node) {
        Fields f = Fields.lenient(node, "config");
        f.requireSchema(SCHEMA);
        boolean withheld = f.has("credentialsWithheld") && f.requireBoolean("credentialsWithheld");
        return new CheckinResponse(f.requireName("applianceId", 64), f.requireName("siteId", 64),
                f.requireName("siteName", 200), f.requireInstant("serverTime"),
                f.requireInt("checkinIntervalSeconds", 5, 86_400),
                HealingMode.fromWire(f.requireString("healingMode"), f.path("healingMode")),
                f.requireBoolean("dryRun"),
                f.requireList("enabledRunbooks", 1000, Fields::identifier),
                withheld ? List.of() : f.requireObjects("targets", 10_000, Target::read),
                f.requireObjects("orders", 1000, Order::read),
                EvidenceHead.read(f.object("evidenceHead")),
                f.has("scanIntervalSeconds")
                        ? f.requireInt("scanIntervalSeconds", MIN_SCAN_INTERVAL, MAX_SCAN_INTERVAL)
                        : DEFAULT_SCAN_INTERVAL,
                f.has("baseline") ? WireChecks.boundedObject(f, "baseline", MAX_BASELINE_BYTES) : Json.object(),
                f.optionalObjects("resolutions", CheckinRequest.MAX_ACKS, Resolution::read), withheld,
                f.has("replaces") ? Optional.of(ReplacedChain.read(f.object("replaces"))) : Optional.empty(),
                f.has("configVersion") ? f.requireNonNegative("configVersion") : 0);
    }
}
