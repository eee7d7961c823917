package dev.osiris.protocol.checkin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.protocol.InvalidMessageException;
import dev.osiris.protocol.evidence.ApplianceKey;
import dev.osiris.protocol.evidence.EvidenceBundle;
import dev.osiris.protocol.evidence.EvidenceKind;
import dev.osiris.protocol.evidence.EvidenceRecord;
import dev.osiris.protocol.evidence.EvidenceSealer;
import dev.osiris.protocol.json.Json;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What an attacker or a broken host puts into signed bodies: duplicate keys, unknown fields, control characters. */
class HostileMessagesTest {

    private static final Instant T = Instant.parse("2026-11-23T10:00:00Z");

    private static CheckinRequest request(List<Incident> incidents) {
        return new CheckinRequest(7, T, "0.1.0", 3600, "a", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", "ok", "",
                ScanSummary.NONE, EvidenceHead.EMPTY, List.of(), incidents, ComplianceReport.EMPTY, List.of());
    }

    private static CheckinRequest parse(String json) {
        return CheckinRequest.fromJson(Json.parseObject(json.getBytes(StandardCharsets.UTF_8), "checkin"));
    }

    private static String text(ObjectNode json) {
        return Json.text(json);
    }

    @Test
    void aDuplicatedSeqIsRefusedRatherThanTheLastOneWinning() {
        String json = text(request(List.of()).toJson()).replaceFirst("\\{", "{\"seq\":999999,");
        assertThatThrownBy(() -> parse(json)).isInstanceOf(InvalidMessageException.class)
                .hasMessage("malformed JSON: checkin.seq is given twice");
    }

    @Test
    void aDuplicatedKeyDeepInsideIsNamedByItsPath() {
        String json = text(request(List.of(EscalationMessagesTest.incident())).toJson())
                .replace("\"summary\":", "\"summary\":\"first\",\"summary\":");
        assertThatThrownBy(() -> parse(json)).hasMessage("malformed JSON: checkin.incidents[0].summary is given twice");
    }

    @Test
    void anUnknownFieldOfASignedReportIsRefusedWithItsPath() {
        ObjectNode top = request(List.of()).toJson().put("sequence", 8);
        assertThatThrownBy(() -> CheckinRequest.fromJson(top)).hasMessage("checkin.sequence is not a known field");

        ObjectNode nested = request(List.of(EscalationMessagesTest.incident())).toJson();
        ((ObjectNode) nested.get("incidents").get(0)).put("assignee", "mallory");
        assertThatThrownBy(() -> CheckinRequest.fromJson(nested))
                .hasMessage("checkin.incidents[0].assignee is not a known field");

        ObjectNode head = request(List.of()).toJson();
        ((ObjectNode) head.get("evidenceHead")).put("extra", 1);
        assertThatThrownBy(() -> CheckinRequest.fromJson(head)).hasMessage("checkin.evidenceHead.extra is not a known field");
    }

    @Test
    void nulIsRefusedInSummaryHostAndObservedWithThePath() {
        Incident good = EscalationMessagesTest.incident();
        Incident summary = new Incident(good.id(), good.host(), good.runbookId(), 3, "critical", "heal-failed",
                "firewall\u0000off", good.observed(), T, 42);
        Incident host = new Incident(good.id(), "ws01\u0000", good.runbookId(), 3, "critical", "heal-failed",
                good.summary(), good.observed(), T, 42);
        Incident observed = new Incident(good.id(), good.host(), good.runbookId(), 3, "critical", "heal-failed",
                good.summary(), Json.object().set("profiles", Json.MAPPER.createArrayNode().add("Public\u0000")), T, 42);

        assertThatThrownBy(() -> parse(text(request(List.of(good, summary)).toJson())))
                .hasMessage("checkin.incidents[1].summary must not contain control character U+0000");
        assertThatThrownBy(() -> parse(text(request(List.of(host)).toJson())))
                .hasMessage("checkin.incidents[0].host must not contain control character U+0000");
        assertThatThrownBy(() -> parse(text(request(List.of(observed)).toJson())))
                .hasMessage("checkin.incidents[0].observed.profiles[0] must not contain control character U+0000");
    }

    @Test
    void freeTextKeepsTabsAndNewlinesButNamesKeepNoControlCharacter() {
        Incident good = EscalationMessagesTest.incident();
        Incident multiline = new Incident(good.id(), good.host(), good.runbookId(), 3, "critical", "heal-failed",
                "line one\n\tline two\r\n", good.observed(), T, 42);
        assertThat(parse(text(request(List.of(multiline)).toJson())).incidents().getFirst().summary())
                .isEqualTo("line one\n\tline two\r\n");

        Incident escape = new Incident(good.id(), good.host(), good.runbookId(), 3, "critical", "heal-failed",
                "colour \u001b[31m", good.observed(), T, 42);
        assertThatThrownBy(() -> parse(text(request(List.of(escape)).toJson())))
                .hasMessage("checkin.incidents[0].summary must not contain control character U+001B");

        Incident tabbedHost = new Incident(good.id(), "ws01\tws02", good.runbookId(), 3, "critical", "heal-failed",
                good.summary(), good.observed(), T, 42);
        assertThatThrownBy(() -> parse(text(request(List.of(tabbedHost)).toJson())))
                .hasMessage("checkin.incidents[0].host must not contain control character U+0009");
    }

    @Test
    void aSentAtBeyondYear9999OrBefore2020IsRefused() {
        ObjectNode far = request(List.of()).toJson().put("sentAt", "+999999-01-01T00:00:00Z");
        assertThatThrownBy(() -> CheckinRequest.fromJson(far)).hasMessageStartingWith("checkin.sentAt must be between");
        ObjectNode old = request(List.of()).toJson().put("sentAt", "2019-12-31T23:59:59Z");
        assertThatThrownBy(() -> CheckinRequest.fromJson(old)).hasMessageStartingWith("checkin.sentAt must be between");
    }

    @Test
    void theRelaysAnswerMayCarryUnknownFieldsButNoDuplicates() {
        ObjectNode answer = new CheckinResponse("app-1", "site-1", "Clinic", T, 60, HealingMode.STANDARD, false,
                List.of(), List.of(), List.of(), EvidenceHead.EMPTY, 600, Json.object(), List.of()).toJson();
        answer.put("transportPolicy", "strict");
        ((ObjectNode) answer.get("evidenceHead")).put("chain", "current");
        assertThat(CheckinResponse.fromJson(Json.parseObject(Json.bytes(answer))).siteName()).isEqualTo("Clinic");

        String twice = Json.text(answer).replaceFirst("\\{", "{\"siteName\":\"Other\",");
        assertThatThrownBy(() -> CheckinResponse.fromJson(Json.parseObject(twice.getBytes(StandardCharsets.UTF_8),
                "config"))).hasMessage("malformed JSON: config.siteName is given twice");
    }

    @Test
    void anAnswerWithoutCredentialsSaysSoAndCarriesNoTargetsField() {
        CheckinResponse withheld = new CheckinResponse("app-1", "site-1", "Clinic", T, 60, HealingMode.STANDARD, false,
                List.of(), List.of(), List.of(), EvidenceHead.EMPTY, 600, Json.object(), List.of())
                .withoutCredentials();
        ObjectNode json = withheld.toJson();
        assertThat(json.has("targets")).isFalse();
        assertThat(json.get("credentialsWithheld").asBoolean()).isTrue();
        assertThat(CheckinResponse.fromJson(json).credentialsWithheld()).isTrue();

        json.remove("credentialsWithheld");
        assertThatThrownBy(() -> CheckinResponse.fromJson(json)).hasMessage("config.targets is required");
    }

    @Test
    void anEvidenceRecordWithAnUnknownFieldIsRefusedButDetailsMayHoldEscapedControls() {
        ApplianceKey key = ApplianceKey.generate(new SecureRandom());
        EvidenceRecord record = new EvidenceSealer(key).seal(1, EvidenceRecord.GENESIS, new EvidenceSealer.Entry(T,
                "ws-01", "RB-WIN-FIREWALL-001", EvidenceKind.DETECT, "pass", Json.object().put("stdout", "a\u0000b")));
        ObjectNode bundle = new EvidenceBundle(key.publicKey().base64(), List.of(record)).toJson();
        assertThat(EvidenceBundle.fromJson(Json.parseObject(Json.bytes(bundle))).records()).hasSize(1);

        ((ObjectNode) bundle.get("records").get(0)).put("trusted", true);
        assertThatThrownBy(() -> EvidenceBundle.fromJson(bundle))
                .hasMessage("bundle.records[0].trusted is not a known field");
        bundle.put("note", "x");
        ((ObjectNode) bundle.get("records").get(0)).remove("trusted");
        assertThatThrownBy(() -> EvidenceBundle.fromJson(bundle)).hasMessage("bundle.note is not a known field");
    }
}
