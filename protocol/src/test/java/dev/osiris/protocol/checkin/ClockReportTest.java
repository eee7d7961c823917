package dev.osiris.protocol.checkin;

import dev.osiris.protocol.InvalidMessageException;
import dev.osiris.protocol.json.Json;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The appliance's clock in the check-in (issue 10): optional on the wire, strict when present. */
class ClockReportTest {

    private static final ClockReport UNTRUSTED = new ClockReport("untrusted",
            "no majority: 1 of 3 servers agree, 2 without a usable answer", null,
            Instant.parse("2026-12-02T01:00:00Z"), 3, 1);

    private static CheckinRequest report(ClockReport clock) {
        return new CheckinRequest(7, Instant.parse("2026-12-02T01:00:00Z"), "0.1.0", 3600, "a",
                "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", "ok", "", ScanSummary.NONE, EvidenceHead.EMPTY,
                List.of(), List.of(), ComplianceReport.EMPTY, List.of(), List.of(), 3, clock);
    }

    private static CheckinRequest roundTrip(CheckinRequest r) {
        return CheckinRequest.fromJson(Json.parseObject(Json.bytes(r.toJson())));
    }

    @Test
    void theClockTravelsInTheReport() {
        ClockReport trusted = new ClockReport("trusted", "3 of 3 servers agree; this clock is within 0.002 s", -2_113L,
                Instant.parse("2026-12-02T01:00:00Z"), 3, 3);
        assertThat(roundTrip(report(trusted))).isEqualTo(report(trusted));
        assertThat(roundTrip(report(UNTRUSTED)).clock().offsetMicros()).isNull();
        assertThat(roundTrip(report(UNTRUSTED)).clock().trusted()).isFalse();
    }

    @Test
    void anUncheckedClockIsLeftOutSoThatOlderRelaysStillReadTheReport() {
        assertThat(report(null).toJson().has("clock")).isFalse();
        assertThat(roundTrip(report(null)).clock()).isNull();
    }

    @Test
    void badClockFieldsAreRefusedWithTheirPath() {
        var unknownState = report(UNTRUSTED).toJson();
        unknownState.with("clock").put("state", "maybe");
        assertThatThrownBy(() -> CheckinRequest.fromJson(Json.parseObject(Json.bytes(unknownState))))
                .isInstanceOf(InvalidMessageException.class).hasMessageContaining("checkin.clock.state");
        var moreAgreeing = report(UNTRUSTED).toJson();
        moreAgreeing.with("clock").put("agreeing", 4);
        assertThatThrownBy(() -> CheckinRequest.fromJson(Json.parseObject(Json.bytes(moreAgreeing))))
                .isInstanceOf(InvalidMessageException.class).hasMessageContaining("checkin.clock.agreeing");
        var extra = report(UNTRUSTED).toJson();
        extra.with("clock").put("stratum", 1);
        assertThatThrownBy(() -> CheckinRequest.fromJson(Json.parseObject(Json.bytes(extra))))
                .isInstanceOf(InvalidMessageException.class).hasMessageContaining("stratum");
    }
}
