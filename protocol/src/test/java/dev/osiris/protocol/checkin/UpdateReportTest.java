package dev.osiris.protocol.checkin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.protocol.InvalidMessageException;
import dev.osiris.protocol.json.Json;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UpdateReportTest {

    private static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");

    private static CheckinRequest request(UpdateReport update) {
        return new CheckinRequest(7, AT, "0.2.0", 3600, "a", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", "ok", "",
                ScanSummary.NONE, EvidenceHead.EMPTY, List.of(), List.of(), ComplianceReport.EMPTY, List.of(),
                List.of(), 0, null, update);
    }

    @Test
    void updateStateSurvivesTheWire() {
        UpdateReport update = new UpdateReport("rolled-back", "1.5.0", "health gate: evidence chain broken", "rol-1", AT);
        CheckinRequest back = CheckinRequest.fromJson(Json.parseObject(Json.bytes(request(update).toJson())));
        assertThat(back.update()).isEqualTo(update);
    }

    @Test
    void idleStateWithoutVersionOrRolloutSurvivesTheWire() {
        UpdateReport update = new UpdateReport("idle", "", "", null, Instant.EPOCH.plusSeconds(1));
        ObjectNode json = request(update).toJson();
        assertThat(json.get("update").has("version")).isFalse();
        assertThat(CheckinRequest.fromJson(json).update()).isEqualTo(update);
    }

    @Test
    void previousSchemaReportWithoutUpdateIsRead() {
        ObjectNode json = request(null).toJson(CheckinRequest.PREVIOUS_SCHEMA);
        assertThat(json.get("schema").intValue()).isEqualTo(1);
        assertThat(CheckinRequest.fromJson(json).update()).isNull();
    }

    @Test
    void previousSchemaNeverCarriesUpdate() {
        UpdateReport update = new UpdateReport("committed", "1.5.0", "", null, AT);
        assertThat(request(update).toJson(1).has("update")).isFalse();
        ObjectNode json = request(null).toJson(1);
        json.set("update", update.toJson());
        assertThatThrownBy(() -> CheckinRequest.fromJson(json)).isInstanceOf(InvalidMessageException.class)
                .hasMessageContaining("checkin.update");
    }

    @Test
    void unknownStateIsRefusedWithItsPath() {
        ObjectNode json = request(new UpdateReport("committed", "1.5.0", "", null, AT)).toJson();
        ((ObjectNode) json.get("update")).put("state", "bricked");
        assertThatThrownBy(() -> CheckinRequest.fromJson(json)).isInstanceOf(InvalidMessageException.class)
                .hasMessage("checkin.update.state must be an update state, got \"bricked\"");
    }

    @Test
    void malformedVersionIsRefusedWithItsPath() {
        ObjectNode json = request(new UpdateReport("committed", "1.5.0", "", null, AT)).toJson();
        ((ObjectNode) json.get("update")).put("version", "1.5.0; drop");
        assertThatThrownBy(() -> CheckinRequest.fromJson(json)).isInstanceOf(InvalidMessageException.class)
                .hasMessageContaining("checkin.update.version must be dotted numbers");
    }
}
