package dev.osiris.protocol.checkin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.protocol.InvalidMessageException;
import dev.osiris.protocol.json.Json;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TransportSecurityTest {

    private static final String PIN = "ab".repeat(32);
    private static final CleartextRisk RISK = new CleartextRisk("operator:ops", Instant.parse("2026-11-30T09:00:00Z"));

    private static Target winrm(int port, boolean tls, String auth, String pin, CleartextRisk risk) {
        return new Target("cred-1", "pc01", Transport.WINRM, port, tls, auth, ".\\osiris", new Secret("pw"), pin, risk);
    }

    @Test
    void eachWayToAHostHasItsSecurity() {
        assertThat(winrm(5986, true, "ntlm", PIN, null).security()).isEqualTo(TransportSecurity.HTTPS_PINNED);
        assertThat(winrm(5986, true, "basic", null, null).security()).isEqualTo(TransportSecurity.HTTPS);
        assertThat(winrm(5985, false, "ntlm", null, null).security()).isEqualTo(TransportSecurity.NTLM_SEALED_HTTP);
        assertThat(winrm(5985, false, "basic", null, null).security()).isEqualTo(TransportSecurity.CLEARTEXT);
        Target ssh = new Target("c", "srv", Transport.SSH, 22, true, "key", "osiris", new Secret("k"), null);
        assertThat(ssh.security()).isEqualTo(TransportSecurity.SSH_TOFU);
        assertThat(new Target("c", "srv", Transport.SSH, 22, true, "key", "osiris", new Secret("k"), "SHA256:x")
                .security()).isEqualTo(TransportSecurity.SSH_PINNED);
    }

    @Test
    void basicOverHttpIsRefusedUnlessItsRiskWasAcceptedAndNtlmOverHttpIsRelayable() {
        assertThat(TargetTransport.of(winrm(5985, false, "basic", null, null)).use()).isEqualTo(TargetTransport.Use.REFUSED);
        TargetTransport accepted = TargetTransport.of(winrm(5985, false, "basic", null, RISK));
        assertThat(accepted.use()).isEqualTo(TargetTransport.Use.ACCEPTED_RISK);
        assertThat(accepted.risk()).isEqualTo(RISK);
        assertThat(accepted.describe()).contains("risk accepted by operator:ops at 2026-11-30T09:00:00Z");
        assertThat(TargetTransport.of(winrm(5985, false, "ntlm", null, null)).use()).isEqualTo(TargetTransport.Use.RELAYABLE);
        assertThat(TargetTransport.of(winrm(5986, true, "ntlm", null, RISK)).risk()).isNull();
    }

    @Test
    void theAcceptanceTravelsWithTheTargetAndTheStatesWithTheReport() {
        Target target = winrm(5985, false, "basic", null, RISK);
        Target back = Target.fromJson(Json.parseObject(Json.bytes(target.toJson())), "targets[0]");
        assertThat(back.cleartextRisk()).isEqualTo(RISK);
        assertThat(Target.fromJson(Json.parseObject(Json.bytes(winrm(5986, true, "ntlm", null, null).toJson())), "t")
                .cleartextRisk()).isNull();

        CheckinRequest request = new CheckinRequest(7, Instant.parse("2026-11-23T10:00:00Z"), "0.1.0", 3600, "a",
                "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", "ok", "", ScanSummary.NONE, EvidenceHead.EMPTY,
                List.of(), List.of(), ComplianceReport.EMPTY, List.of(),
                List.of(TargetTransport.of(target), TargetTransport.of(winrm(5985, false, "ntlm", null, null))));
        CheckinRequest again = CheckinRequest.fromJson(Json.parseObject(Json.bytes(request.toJson())));
        assertThat(again).isEqualTo(request);
        assertThat(again.transports()).extracting(TargetTransport::security)
                .containsExactly(TransportSecurity.CLEARTEXT, TransportSecurity.NTLM_SEALED_HTTP);
    }

    @Test
    void anAcceptedRiskWithoutItsAcceptanceIsRefusedWithItsPath() {
        var json = TargetTransport.of(winrm(5985, false, "basic", null, RISK)).toJson();
        json.remove("cleartextRisk");
        assertThatThrownBy(() -> TargetTransport.fromJson(json, "checkin.transports[0]"))
                .isInstanceOf(InvalidMessageException.class)
                .hasMessageContaining("checkin.transports[0].cleartextRisk");
    }

    @Test
    void aTransportStateInAReportIsReadStrictlyAndInTheRelaysAnswerLeniently() {
        CheckinRequest request = new CheckinRequest(7, Instant.parse("2026-11-23T10:00:00Z"), "0.1.0", 3600, "a",
                "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", "ok", "", ScanSummary.NONE, EvidenceHead.EMPTY,
                List.of(), List.of(), ComplianceReport.EMPTY, List.of(),
                List.of(TargetTransport.of(winrm(5985, false, "basic", null, RISK))));
        var json = request.toJson();
        ((ObjectNode) json.get("transports").get(0).get("cleartextRisk"))
                .put("note", "x");
        assertThatThrownBy(() -> CheckinRequest.fromJson(json))
                .isInstanceOf(InvalidMessageException.class)
                .hasMessage("checkin.transports[0].cleartextRisk.note is not a known field");

        var target = winrm(5985, false, "basic", null, RISK).toJson();
        ((ObjectNode) target.get("cleartextRisk")).put("note", "from a newer relay");
        assertThat(Target.fromJson(target, "targets[0]").cleartextRisk()).isEqualTo(RISK);
    }
}
