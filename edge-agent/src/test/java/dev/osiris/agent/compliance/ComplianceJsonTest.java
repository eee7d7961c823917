package dev.osiris.agent.compliance;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.protocol.runbook.Framework;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ComplianceJsonTest {

    static final ComplianceScore SCORE = new ComplianceScore(Instant.parse("2026-12-01T10:00:00Z"), List.of(
            FrameworkResult.of(Framework.HIPAA, List.of(
                    new ControlResult("164.312(b)", ControlStatus.PASSING, List.of("RB-WIN-AUDIT-001"), List.of(), List.of()),
                    new ControlResult("164.312(e)(1)", ControlStatus.FAILING, List.of("RB-WIN-FIREWALL-001"),
                            List.of("ws01"), List.of())))));

    @Test
    void aScoreReadsBackFromItsFileFormWithTheStatusesAsWireNames() {
        ObjectNode json = ComplianceJson.toJson(SCORE);

        assertThat(json.path("frameworks").path(0).path("controls").path(1).path("status").asText()).isEqualTo("failing");
        assertThat(ComplianceJson.fromJson(json)).isEqualTo(SCORE);
        assertThat(ComplianceJson.report(SCORE).frameworks().getFirst().controls())
                .extracting(dev.osiris.protocol.checkin.ControlStatus::status).containsExactly("passing", "failing");
    }

    @Test
    void aFileWrittenWithTheConstantNamesStillReads() {
        ObjectNode json = ComplianceJson.toJson(SCORE);
        ((ObjectNode) json.path("frameworks").path(0).path("controls").path(1)).put("status", "FAILING");

        assertThat(ComplianceJson.fromJson(json)).isEqualTo(SCORE);
    }

    @Test
    void anUnknownStatusIsRefusedNamingItAndTheKnownOnes() {
        ObjectNode json = ComplianceJson.toJson(SCORE);
        ((ObjectNode) json.path("frameworks").path(0).path("controls").path(0)).put("status", "green");

        assertThatThrownBy(() -> ComplianceJson.fromJson(json))
                .hasMessage("control status \"green\" is not one of passing, failing, unknown");
    }
}
