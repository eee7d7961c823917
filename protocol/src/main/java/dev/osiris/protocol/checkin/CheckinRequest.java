package dev.osiris.protocol.checkin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.protocol.InvalidMessageException;
import dev.osiris.protocol.json.Fields;
import dev.osiris.protocol.json.Json;

import java.time.Instant;
import java.util.List;

/**
 * What an appliance reports at each check-in. The request carrying it is signed by the appliance key when it is
 * sent ({@link dev.osiris.protocol.RequestSignature}); {@code seq} counts the appliance's check-in reports so that
 * a report re-sent from the outbox is stored once (and answered with credentials only the first time).
 *
 * @param seq            report counter, from 1, per appliance
 * @param sentAt         when the report was made (it may reach the relay later, from the outbox)
 * @param agentVersion   version of the agent build
 * @param uptimeSeconds  seconds since the agent started
 * @param bootPartition  the A/B slot the appliance booted from: a or b
 * @param publicKey      base64 of the appliance's Ed25519 public key
 * @param status         ok, no-credentials, degraded, ...
 * @param statusDetail   words for a person, may be empty
 * @param scan           the last scan's summary
 * @param evidenceHead   the head of the local evidence chain
 * @param ackedOrders    ids of orders the appliance has taken
 * @param incidents      escalations not yet confirmed stored by the relay (re-sent until they are; stored once)
 * @param compliance     the latest compliance score, {@link ComplianceReport#EMPTY} before the first scan
 * @param ackedResolutions incident ids whose resolution the appliance has taken
 * @param transports     each target's transport security and what the appliance does with it
 * @param configVersion  the version of the site configuration the appliance holds (from the relay's last answer),
 *                       0 when it holds none (after a restart): the relay re-sends the credentials only when its
 *                       version differs. Left out on the wire when 0, as older agents send it.
 * @param clock          the appliance's clock as its last NTP check found it; null (left out on the wire) when it
 *                       does not check its clock or has not yet
 * @param update         the appliance's self-update state (schema 2 on); null (left out on the wire) from an agent
 *                       without self-update, or of the previous schema
 */
public record CheckinRequest(long seq, Instant sentAt, String agentVersion, long uptimeSeconds, String bootPartition,
                             String publicKey, String status, String statusDetail, ScanSummary scan,
                             EvidenceHead evidenceHead, List<String> ackedOrders, List<Incident> incidents,
                             ComplianceReport compliance, List<String> ackedResolutions,
                             List<TargetTransport> transports, long configVersion, ClockReport clock,
                             UpdateReport update) {

    /** The schema this build writes: 2 added {@code update}. */
    public static final int SCHEMA = 2;
    /**
     * The oldest schema this build reads: the previous release's, since a fleet runs mixed versions for the weeks a
     * rollout lasts. A change that breaks reading it is refused by {@code PreviousSchemaCheckinIT}.
     */
    public static final int PREVIOUS_SCHEMA = 1;
    public static final int MAX_INCIDENTS = 500;
    public static final int MAX_ACKS = 1_000;
    public static final int MAX_STATUS_DETAIL = 4_000;
    /** No appliance made a report before this; a {@code sentAt} earlier than it is a forgery or a broken clock. */
    public static final Instant EARLIEST_SENT_AT = Instant.parse("2020-01-01T00:00:00Z");
    /** The last instant PostgreSQL and ISO-8601 four-digit years both hold (later ones were stored as infinity). */
    public static final Instant LATEST_SENT_AT = Instant.parse("9999-12-31T23:59:59Z");

    public CheckinRequest {
        ackedOrders = List.copyOf(ackedOrders);
        incidents = List.copyOf(incidents);
        compliance = compliance == null ? ComplianceReport.EMPTY : compliance;
        ackedResolutions = List.copyOf(ackedResolutions);
        transports = transports == null ? List.of() : List.copyOf(transports);
        if (configVersion < 0) {
            throw new IllegalArgumentException("configVersion must not be negative");
        }
    }

    /** A report without an update state (as agents without self-update send it). */
    public CheckinRequest(long seq, Instant sentAt, String agentVersion, long uptimeSeconds, String bootPartition,
                          String publicKey, String status, String statusDetail, ScanSummary scan,
                          EvidenceHead evidenceHead, List<String> ackedOrders, List<Incident> incidents,
                          ComplianceReport compliance, List<String> ackedResolutions,
                          List<TargetTransport> transports, long configVersion, ClockReport clock) {
        this(seq, sentAt, agentVersion, uptimeSeconds, bootPartition, publicKey, status, statusDetail, scan, evidenceHead,
                ackedOrders, incidents, compliance, ackedResolutions, transports, configVersion, clock, null);
    }

    /** A report without the appliance's clock (as agents send it that do not check their clock). */
    public CheckinRequest(long seq, Instant sentAt, String agentVersion, long uptimeSeconds, String bootPartition,
                          String publicKey, String status, String statusDetail, ScanSummary scan,
                          EvidenceHead evidenceHead, List<String> ackedOrders, List<Incident> incidents,
                          ComplianceReport compliance, List<String> ackedResolutions,
                          List<TargetTransport> transports, long configVersion) {
        this(seq, sentAt, agentVersion, uptimeSeconds, bootPartition, publicKey, status, statusDetail, scan, evidenceHead,
                ackedOrders, incidents, compliance, ackedResolutions, transports, configVersion, null);
    }

    /** A report from an appliance that holds no configuration version (as older agents send it). */
    public CheckinRequest(long seq, Instant sentAt, String agentVersion, long uptimeSeconds, String bootPartition,
                          String publicKey, String status, String statusDetail, ScanSummary scan,
                          EvidenceHead evidenceHead, List<String> ackedOrders, List<Incident> incidents,
                          ComplianceReport compliance, List<String> ackedResolutions,
                          List<TargetTransport> transports) {
        this(seq, sentAt, agentVersion, uptimeSeconds, bootPartition, publicKey, status, statusDetail, scan, evidenceHead,
                ackedOrders, incidents, compliance, ackedResolutions, transports, 0);
    }

    /** A report without transport states (as older agents send it). */
    public CheckinRequest(long seq, Instant sentAt, String agentVersion, long uptimeSeconds, String bootPartition,
                          String publicKey, String status, String statusDetail, ScanSummary scan,
                          EvidenceHead evidenceHead, List<String> ackedOrders, List<Incident> incidents,
                          ComplianceReport compliance, List<String> ackedResolutions) {
        this(seq, sentAt, agentVersion, uptimeSeconds, bootPartition, publicKey, status, statusDetail, scan, evidenceHead,
                ackedOrders, incidents, compliance, ackedResolutions, List.of(), 0);
    }

    public ObjectNode toJson() {
        return toJson(SCHEMA);
    }

    /**
     * The report as an agent speaking {@code schema} writes it: schema {@link #PREVIOUS_SCHEMA} has no
     * {@code update} (what the previous release's agent sends, for the mixed-version tests).
     */
    public ObjectNode toJson(int schema) {
        if (schema < PREVIOUS_SCHEMA || schema > SCHEMA) {
            throw new IllegalArgumentException("schema " + schema + " is not one this build writes");
        }
        ObjectNode json = Json.object();
        json.put("schema", schema);
        json.put("seq", seq);
        json.put("sentAt", sentAt.toString());
        json.put("agentVersion", agentVersion);
        json.put("uptimeSeconds", uptimeSeconds);
        json.put("bootPartition", bootPartition);
        json.put("publicKey", publicKey);
        json.put("status", status);
        json.put("statusDetail", statusDetail);
        json.set("scan", scan.toJson());
        json.set("evidenceHead", evidenceHead.toJson());
        ArrayNode acked = json.putArray("ackedOrders");
        ackedOrders.forEach(acked::add);
        ArrayNode incidentArray = json.putArray("incidents");
        incidents.forEach(i -> incidentArray.add(i.toJson()));
        json.set("compliance", compliance.toJson());
        ackedResolutions.forEach(json.putArray("ackedResolutions")::add);
        ArrayNode transportArray = json.putArray("transports");
        transports.forEach(t -> transportArray.add(t.toJson()));
        if (configVersion > 0) {
            json.put("configVersion", configVersion);
        }
        if (clock != null) {
            json.set("clock", clock.toJson());
        }
        if (update != null && schema >= 2) {
            json.set("update", update.toJson());
        }
        return json;
    }

    /**
     * Decodes a report strictly: unknown fields, duplicate keys (refused by {@link Json}), control characters
     * and a {@code sentAt} outside {@link #EARLIEST_SENT_AT} .. {@link #LATEST_SENT_AT} are refused with the
     * field's path. Schema {@link #PREVIOUS_SCHEMA} and {@link #SCHEMA} are read; {@code update} is unknown (refused)
     * in schema 1.
     */
    public static CheckinRequest fromJson(JsonNode node) {
        Fields f = new Fields(node, "checkin");
        int schema = f.requireSchema(PREVIOUS_SCHEMA, SCHEMA);
        long seq = f.requireLong("seq");
        if (seq < 1) {
            throw new InvalidMessageException("checkin.seq must be at least 1");
        }
        String partition = f.requireToken("bootPartition");
        if (!partition.equals("a") && !partition.equals("b")) {
            throw new InvalidMessageException("checkin.bootPartition must be a or b, got \"" + partition + "\"");
        }
        Instant sentAt = f.requireInstant("sentAt");
        if (sentAt.isBefore(EARLIEST_SENT_AT) || sentAt.isAfter(LATEST_SENT_AT)) {
            throw new InvalidMessageException("checkin.sentAt must be between " + EARLIEST_SENT_AT + " and "
                    + LATEST_SENT_AT + ", got " + sentAt);
        }
        CheckinRequest request = new CheckinRequest(seq, sentAt, f.requireName("agentVersion", 64),
                f.requireNonNegative("uptimeSeconds"), partition, f.requireName("publicKey", 64),
                f.requireToken("status"), f.has("statusDetail") ? statusDetail(f) : "",
                ScanSummary.read(f.object("scan")),
                EvidenceHead.read(f.object("evidenceHead")),
                f.optionalList("ackedOrders", MAX_ACKS, (n, p) -> {
                    if (!n.isTextual() || n.textValue().isBlank() || n.textValue().length() > 64) {
                        throw new InvalidMessageException(p + " must be an order id");
                    }
                    return Fields.name(n.textValue(), p);
                }),
                f.optionalObjects("incidents", MAX_INCIDENTS, Incident::read),
                f.has("compliance") ? ComplianceReport.read(f.object("compliance")) : ComplianceReport.EMPTY,
                f.optionalList("ackedResolutions", MAX_ACKS, Fields::token),
                f.optionalObjects("transports", TargetTransport.MAX, TargetTransport::read),
                f.has("configVersion") ? f.requireNonNegative("configVersion") : 0,
                f.has("clock") ? ClockReport.read(f.object("clock")) : null,
                schema >= 2 && f.has("update") ? UpdateReport.read(f.object("update")) : null);
        f.refuseUnknown();
        return request;
    }

    private static String statusDetail(Fields f) {
        String detail = f.requireString("statusDetail");
        if (detail.length() > MAX_STATUS_DETAIL) {
            throw new InvalidMessageException(f.path("statusDetail") + " is longer than " + MAX_STATUS_DETAIL
                    + " characters");
        }
        return detail;
    }
}
