package dev.osiris.protocol.checkin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.protocol.InvalidMessageException;
import dev.osiris.protocol.json.Json;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CheckinMessagesTest {

    private static CheckinRequest request() {
        return new CheckinRequest(7, Instant.parse("2026-11-23T10:00:00Z"), "0.1.0", 3600, "a",
                "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", "ok", "", ScanSummary.NONE, EvidenceHead.EMPTY,
                List.of("ord-1"), List.of(), ComplianceReport.EMPTY, List.of());
    }

    @Test
    void requestSurvivesItsJsonForm() {
        CheckinRequest back = CheckinRequest.fromJson(Json.parseObject(Json.bytes(request().toJson())));
        assertThat(back).isEqualTo(request());
    }

    @Test
    void unknownSchemaVersionIsRefused() {
        ObjectNode json = request().toJson().put("schema", 3);
        assertThatThrownBy(() -> CheckinRequest.fromJson(json))
                .isInstanceOf(InvalidMessageException.class)
                .hasMessage("checkin.schema: unsupported version 3 (this build reads 1 to 2)");
    }

    @Test
    void missingFieldIsNamedWithItsPath() {
        ObjectNode json = request().toJson();
        json.remove("agentVersion");
        assertThatThrownBy(() -> CheckinRequest.fromJson(json))
                .isInstanceOf(InvalidMessageException.class)
                .hasMessageContaining("checkin.agentVersion");
    }

    @Test
    void nestedFieldErrorsNameTheirPath() {
        ObjectNode json = request().toJson();
        ((ObjectNode) json.get("evidenceHead")).put("hash", "xyz");
        assertThatThrownBy(() -> CheckinRequest.fromJson(json))
                .isInstanceOf(InvalidMessageException.class)
                .hasMessageContaining("checkin.evidenceHead.hash");
    }

    @Test
    void bootPartitionIsAOrB() {
        ObjectNode json = request().toJson().put("bootPartition", "c");
        assertThatThrownBy(() -> CheckinRequest.fromJson(json)).hasMessageContaining("bootPartition must be a or b");
    }

    @Test
    void responseCarriesTargetsButNeverPrintsTheirSecrets() {
        Target target = new Target("cred-1", "198.18.0.10", Transport.WINRM, 5986, true, "ntlm", ".\\osiris",
                new Secret("Tr0ub4dor&3"), null);
        CheckinResponse response = new CheckinResponse("app-1", "site-1", "North Valley Dental",
                Instant.parse("2026-11-23T10:00:00Z"), 60, HealingMode.STANDARD, false, List.of("RB-WIN-FIREWALL-001"),
                List.of(target), List.of(), EvidenceHead.EMPTY, CheckinResponse.DEFAULT_SCAN_INTERVAL, Json.object(),
                List.of());
        CheckinResponse back = CheckinResponse.fromJson(Json.parseObject(Json.bytes(response.toJson())));
        assertThat(back.targets()).hasSize(1);
        assertThat(back.targets().get(0).secret().reveal()).isEqualTo("Tr0ub4dor&3");
        assertThat(back.toString()).doesNotContain("Tr0ub4dor");
        assertThat(back.targets().get(0).secret()).hasToString("[REDACTED]");
        assertThat(back.siteName()).isEqualTo("North Valley Dental");
    }

    @Test
    void responseTellsAReplacementWhichChainItReplacesAndOmitsTheFieldOtherwise() {
        EvidenceHead finalHead = new EvidenceHead(42, "ab".repeat(32));
        ReplacedChain replaced = new ReplacedChain("app-old", finalHead, Instant.parse("2026-11-23T09:00:00Z"),
                "operator night-shift (opk-0123456789abcdef)", "disk failed");
        CheckinResponse response = new CheckinResponse("app-new", "site-1", "Clinic", Instant.parse("2026-11-23T10:00:00Z"),
                60, HealingMode.STANDARD, false, List.of(), List.of(), List.of(), EvidenceHead.EMPTY,
                CheckinResponse.DEFAULT_SCAN_INTERVAL, Json.object(), List.of(), false,
                java.util.Optional.of(replaced));

        CheckinResponse back = CheckinResponse.fromJson(Json.parseObject(Json.bytes(response.toJson())));

        assertThat(back.replaces()).contains(replaced);
        CheckinResponse plain = new CheckinResponse("app-1", "site-1", "Clinic", Instant.EPOCH, 60,
                HealingMode.STANDARD, false, List.of(), List.of(), List.of(), EvidenceHead.EMPTY,
                CheckinResponse.DEFAULT_SCAN_INTERVAL, Json.object(), List.of());
        assertThat(plain.toJson().has("replaces")).isFalse();
        assertThat(CheckinResponse.fromJson(plain.toJson()).replaces()).isEmpty();
    }
}
