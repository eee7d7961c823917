package dev.osiris.protocol.checkin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.protocol.InvalidMessageException;
import dev.osiris.protocol.json.Json;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Incidents, resolutions and compliance reports: what the L3 loop and the compliance score put on the wire. */
class EscalationMessagesTest {

    private static final Instant T = Instant.parse("2026-11-23T10:00:00Z");

    static Incident incident() {
        return new Incident("inc-ws01-fw-1", "ws01.clinic.local", "RB-WIN-FIREWALL-001", 3, "critical", "heal-failed",
                "firewall off on Public; remediation did not verify",
                Json.object().put("publicEnabled", false), T, 42);
    }

    static ComplianceReport report() {
        return new ComplianceReport(T, List.of(new FrameworkScore("hipaa", 1, 1, 0, List.of(
                new ControlStatus("164.312(b)", "passing", List.of("RB-WIN-AUDIT-001")),
                new ControlStatus("164.312(a)(1)", "failing", List.of("RB-WIN-FIREWALL-001"))))));
    }

    private static CheckinRequest request(List<Incident> incidents, ComplianceReport compliance, List<String> acks) {
        return new CheckinRequest(7, T, "0.1.0", 3600, "a", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", "ok", "",
                ScanSummary.NONE, EvidenceHead.EMPTY, List.of(), incidents, compliance, acks);
    }

    private static CheckinResponse response(ObjectNode baseline, List<Resolution> resolutions) {
        return new CheckinResponse("app-1", "site-1", "Clinic", T, 60, HealingMode.STANDARD, true,
                List.of("RB-WIN-FIREWALL-001"), List.of(), List.of(), EvidenceHead.EMPTY, 600, baseline, resolutions);
    }

    private static <T> T roundTrip(ObjectNode json, java.util.function.Function<ObjectNode, T> parse) {
        return parse.apply(Json.parseObject(Json.bytes(json)));
    }

    @Test
    void requestWithIncidentsComplianceAndAcksSurvivesItsJsonForm() {
        CheckinRequest request = request(List.of(incident()), report(), List.of("inc-old-1"));
        assertThat(roundTrip(request.toJson(), CheckinRequest::fromJson)).isEqualTo(request);
    }

    @Test
    void requestWithoutTheNewFieldsReadsAsEmpty() {
        ObjectNode json = request(List.of(incident()), report(), List.of("x")).toJson();
        json.remove(List.of("incidents", "compliance", "ackedResolutions"));
        CheckinRequest back = CheckinRequest.fromJson(json);
        assertThat(back.incidents()).isEmpty();
        assertThat(back.compliance()).isEqualTo(ComplianceReport.EMPTY);
        assertThat(back.ackedResolutions()).isEmpty();
    }

    @Test
    void responseWithBaselineAndResolutionsSurvivesItsJsonForm() {
        ObjectNode baseline = Json.object();
        baseline.putArray("dnsServers").add("198.18.0.10");
        List<Resolution> resolutions = List.of(
                new Resolution("inc-1", "runbook", "RB-WIN-FIREWALL-001", "re-applied", "alice", T),
                new Resolution("inc-2", "manual", null, "", "bob", T));
        CheckinResponse response = response(baseline, resolutions);
        CheckinResponse back = roundTrip(response.toJson(), CheckinResponse::fromJson);
        assertThat(back.scanIntervalSeconds()).isEqualTo(600);
        assertThat(back.baseline()).isEqualTo(baseline);
        assertThat(back.resolutions()).isEqualTo(resolutions);
    }

    @Test
    void responseFromAnOlderRelayGetsTheDefaults() {
        ObjectNode json = response(Json.object().put("x", 1), List.of()).toJson();
        json.remove(List.of("scanIntervalSeconds", "baseline", "resolutions"));
        CheckinResponse back = CheckinResponse.fromJson(json);
        assertThat(back.scanIntervalSeconds()).isEqualTo(CheckinResponse.DEFAULT_SCAN_INTERVAL);
        assertThat(back.baseline()).isEqualTo(Json.object());
        assertThat(back.resolutions()).isEmpty();
    }

    @Test
    void scanIntervalOutsideItsRangeIsRefused() {
        ObjectNode json = response(Json.object(), List.of()).toJson().put("scanIntervalSeconds", 59);
        assertThatThrownBy(() -> CheckinResponse.fromJson(json))
                .hasMessage("config.scanIntervalSeconds must be between 60 and 86400");
    }

    @Test
    void emptyComplianceReportHasANullTime() {
        assertThat(Json.text(ComplianceReport.EMPTY.toJson())).isEqualTo("{\"computedAt\":null,\"frameworks\":[]}");
        assertThat(ComplianceReport.fromJson(ComplianceReport.EMPTY.toJson(), "c")).isEqualTo(ComplianceReport.EMPTY);
    }

    @Test
    void incidentFieldErrorsNameTheirPath() {
        ObjectNode json = request(List.of(incident()), ComplianceReport.EMPTY, List.of()).toJson();
        ((ObjectNode) json.get("incidents").get(0)).put("severity", "urgent");
        assertThatThrownBy(() -> CheckinRequest.fromJson(json)).isInstanceOf(InvalidMessageException.class)
                .hasMessage("checkin.incidents[0].severity must be one of low, medium, high, critical, got \"urgent\"");

        ObjectNode reason = incident().toJson().put("reason", "bored");
        assertThatThrownBy(() -> Incident.fromJson(reason, "i")).hasMessageStartingWith("i.reason must be one of");
        ObjectNode id = incident().toJson().put("id", "Not A Token");
        assertThatThrownBy(() -> Incident.fromJson(id, "i")).hasMessageStartingWith("i.id must be a lower-case token");
        ObjectNode runbook = incident().toJson().put("runbookId", "RB WIN");
        assertThatThrownBy(() -> Incident.fromJson(runbook, "i")).hasMessageStartingWith("i.runbookId must be an identifier");
        ObjectNode missing = incident().toJson();
        missing.remove("raisedAt");
        assertThatThrownBy(() -> Incident.fromJson(missing, "i")).hasMessage("i.raisedAt is required");
    }

    @Test
    void oversizeObservedStateIsRefused() {
        ObjectNode json = incident().toJson();
        ((ObjectNode) json.get("observed")).put("blob", "x".repeat(Incident.MAX_OBSERVED_BYTES));
        assertThatThrownBy(() -> Incident.fromJson(json, "i"))
                .hasMessage("i.observed is larger than " + Incident.MAX_OBSERVED_BYTES + " bytes");
    }

    @Test
    void tooManyIncidentsAreRefused() {
        ObjectNode json = request(List.of(), ComplianceReport.EMPTY, List.of()).toJson();
        var array = json.putArray("incidents");
        for (int i = 0; i <= CheckinRequest.MAX_INCIDENTS; i++) {
            array.add(incident().toJson());
        }
        assertThatThrownBy(() -> CheckinRequest.fromJson(json)).hasMessageContaining("checkin.incidents has 501 entries");
    }

    @Test
    void aRunbookResolutionNeedsItsRunbookAndAManualOneHasNone() {
        ObjectNode noRunbook = new Resolution("inc-1", "manual", null, "", "a", T).toJson().put("action", "runbook");
        assertThatThrownBy(() -> Resolution.fromJson(noRunbook, "r")).hasMessage("r.runbookId is required");
        ObjectNode extra = new Resolution("inc-1", "manual", null, "", "a", T).toJson()
                .put("runbookId", "RB-WIN-FIREWALL-001");
        assertThatThrownBy(() -> Resolution.fromJson(extra, "r")).hasMessage("r.runbookId is only for action runbook");
        ObjectNode action = new Resolution("inc-1", "manual", null, "", "a", T).toJson().put("action", "pray");
        assertThatThrownBy(() -> Resolution.fromJson(action, "r"))
                .hasMessage("r.action must be one of runbook, manual, got \"pray\"");
    }

    @Test
    void complianceErrorsNameTheFrameworkAndControl() {
        ObjectNode json = report().toJson();
        ((ObjectNode) json.get("frameworks").get(0).get("controls").get(1)).put("status", "green");
        assertThatThrownBy(() -> ComplianceReport.fromJson(json, "checkin.compliance"))
                .hasMessageStartingWith("checkin.compliance.frameworks[0].controls[1].status must be one of");
        ObjectNode framework = report().toJson();
        ((ObjectNode) framework.get("frameworks").get(0)).put("framework", "iso27001");
        assertThatThrownBy(() -> ComplianceReport.fromJson(framework, "c"))
                .hasMessageStartingWith("c.frameworks[0].framework must be one of hipaa, soc2");
    }
}
