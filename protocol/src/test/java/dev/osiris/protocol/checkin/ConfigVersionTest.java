package dev.osiris.protocol.checkin;

import dev.osiris.protocol.InvalidMessageException;
import dev.osiris.protocol.json.Json;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The site configuration version an appliance holds and the relay's answer names (issue 13). */
class ConfigVersionTest {

    private static CheckinRequest report(long configVersion) {
        return new CheckinRequest(7, Instant.parse("2026-11-23T10:00:00Z"), "0.1.0", 3600, "a",
                "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", "ok", "", ScanSummary.NONE, EvidenceHead.EMPTY,
                List.of(), List.of(), ComplianceReport.EMPTY, List.of(), List.of(), configVersion);
    }

    private static CheckinResponse answer(long configVersion) {
        return new CheckinResponse("app-1", "site-1", "Clinic", Instant.parse("2026-11-23T10:00:00Z"), 60,
                HealingMode.STANDARD, false, List.of(), List.of(), List.of(), EvidenceHead.EMPTY,
                CheckinResponse.DEFAULT_SCAN_INTERVAL, Json.object(), List.of(), false, Optional.empty(),
                configVersion);
    }

    @Test
    void aHeldVersionTravelsInTheReport() {
        CheckinRequest back = CheckinRequest.fromJson(Json.parseObject(Json.bytes(report(42).toJson())));
        assertThat(back.configVersion()).isEqualTo(42);
        assertThat(back).isEqualTo(report(42));
    }

    @Test
    void versionZeroIsLeftOutSoThatOlderRelaysStillReadTheReport() {
        assertThat(report(0).toJson().has("configVersion")).isFalse();
        CheckinRequest back = CheckinRequest.fromJson(Json.parseObject(Json.bytes(report(0).toJson())));
        assertThat(back.configVersion()).isZero();
    }

    @Test
    void aNegativeVersionIsRefusedWithItsPath() {
        var json = report(1).toJson().put("configVersion", -3);
        assertThatThrownBy(() -> CheckinRequest.fromJson(Json.parseObject(Json.bytes(json))))
                .isInstanceOf(InvalidMessageException.class).hasMessageContaining("checkin.configVersion");
    }

    @Test
    void theAnswerNamesItsVersionAndAWithheldAnswerKeepsIt() {
        CheckinResponse back = CheckinResponse.fromJson(Json.parseObject(Json.bytes(answer(9).toJson())));
        assertThat(back.configVersion()).isEqualTo(9);
        CheckinResponse withheld = CheckinResponse.fromJson(Json.parseObject(Json.bytes(
                answer(9).withoutCredentials().toJson())));
        assertThat(withheld.credentialsWithheld()).isTrue();
        assertThat(withheld.configVersion()).isEqualTo(9);
        assertThat(CheckinResponse.fromJson(Json.parseObject(Json.bytes(answer(0).toJson()))).configVersion()).isZero();
    }
}
