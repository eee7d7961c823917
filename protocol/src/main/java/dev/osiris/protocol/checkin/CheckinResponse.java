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
 * @param replaces     the appliance (and evidence chain) this one replaced, sent until this appliance's first
 *                     evidence reaches the relay; otherwise empty, and the field is left out
 */
public record CheckinResponse(String applianceId, String siteId, String siteName, Instant serverTime,
                              int checkinIntervalSeconds, HealingMode healingMode, boolean dryRun,
                              List<String> enabledRunbooks, List<Target> targets, List<Order> orders,
                              EvidenceHead evidenceHead, int scanIntervalSeconds, ObjectNode baseline,
                              List<Resolution> resolutions, Optional<ReplacedChain> replaces) {

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
    }

    /** An answer to an appliance that replaced none. */
    public CheckinResponse(String applianceId, String siteId, String siteName, Instant serverTime,
                           int checkinIntervalSeconds, HealingMode healingMode, boolean dryRun,
                           List<String> enabledRunbooks, List<Target> targets, List<Order> orders,
                           EvidenceHead evidenceHead, int scanIntervalSeconds, ObjectNode baseline,
                           List<Resolution> resolutions) {
        this(applianceId, siteId, siteName, serverTime, checkinIntervalSeconds, healingMode, dryRun, enabledRunbooks,
                targets, orders, evidenceHead, scanIntervalSeconds, baseline, resolutions, Optional.empty());
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
        ArrayNode targetArray = json.putArray("targets");
        targets.forEach(t -> targetArray.add(t.toJson()));
        ArrayNode orderArray = json.putArray("orders");
        orders.forEach(o -> orderArray.add(o.toJson()));
        json.set("evidenceHead", evidenceHead.toJson());
        json.put("scanIntervalSeconds", scanIntervalSeconds);
        json.set("baseline", baseline);
        ArrayNode resolutionArray = json.putArray("resolutions");
        resolutions.forEach(r -> resolutionArray.add(r.toJson()));
        replaces.ifPresent(r -> json.set("replaces", r.toJson()));
        return json;
    }

    public static CheckinResponse fromJson(JsonNode node) {
        Fields f = new Fields(node, "config");
        f.requireSchema(SCHEMA);
        return new CheckinResponse(f.requireText("applianceId", 64), f.requireText("siteId", 64),
                f.requireText("siteName", 200), f.requireInstant("serverTime"),
                f.requireInt("checkinIntervalSeconds", 5, 86_400),
                HealingMode.fromWire(f.requireString("healingMode"), f.path("healingMode")),
                f.requireBoolean("dryRun"),
                f.requireList("enabledRunbooks", 1000, Fields::identifier),
                f.requireList("targets", 10_000, Target::fromJson),
                f.requireList("orders", 1000, Order::fromJson),
                EvidenceHead.fromJson(f.requireObject("evidenceHead"), f.path("evidenceHead")),
                f.has("scanIntervalSeconds")
                        ? f.requireInt("scanIntervalSeconds", MIN_SCAN_INTERVAL, MAX_SCAN_INTERVAL)
                        : DEFAULT_SCAN_INTERVAL,
                f.has("baseline") ? WireChecks.boundedObject(f, "baseline", MAX_BASELINE_BYTES) : Json.object(),
                f.optionalList("resolutions", CheckinRequest.MAX_ACKS, Resolution::fromJson),
                f.has("replaces") ? Optional.of(ReplacedChain.fromJson(f.requireObject("replaces"), f.path("replaces")))
                        : Optional.empty());
    }
}
