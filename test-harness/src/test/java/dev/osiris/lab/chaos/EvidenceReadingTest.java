package dev.osiris.lab.chaos;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.osiris.lab.chaos.Rounds.T0;
import static dev.osiris.lab.chaos.Rounds.record;
import static org.assertj.core.api.Assertions.assertThat;

class EvidenceReadingTest {

    static final Round ROUND = Rounds.round(1, "NVWS01", "RB-WIN-FIREWALL-001", Category.SECURITY);
    static final String HOST = ROUND.address();
    static final String RB = ROUND.runbook();

    @Test
    void aVerifiedHealIsHealedWithItsTierAndTheTimeFromAttackToVerification() {
        RoundResult r = EvidenceReading.read(ROUND, T0, List.of(
                record(10, 3, HOST, RB, "detect", "drifted", "{}"),
                record(11, 4, HOST, RB, "heal", "remediated", "{\"tier\":\"L2\"}"),
                record(12, 7, HOST, RB, "verify", "verified", "{\"tier\":\"L2\"}")));
        assertThat(r.outcome()).isEqualTo(Outcome.HEALED);
        assertThat(r.tier()).isEqualTo("L2");
        assertThat(r.toHeal()).isEqualTo(Duration.ofSeconds(7));
        assertThat(r.evidenceSeq()).containsExactly(10L, 11L, 12L);
    }

    @Test
    void anEscalationCarriesTheAppliancesReasonAndTheHealErrorBeforeIt() {
        RoundResult r = EvidenceReading.read(ROUND, T0, List.of(
                record(10, 3, HOST, RB, "detect", "drifted", "{}"),
                record(11, 4, HOST, RB, "heal", "remediation-failed", "{\"tier\":\"L1\",\"exitCode\":1,\"stderr\":\"Access denied\"}"),
                record(12, 5, HOST, RB, "escalate", "escalated", "{\"tier\":\"L3\",\"reason\":\"heal-failed\"}")));
        assertThat(r.outcome()).isEqualTo(Outcome.ESCALATED);
        assertThat(r.tier()).isEqualTo("L3");
        assertThat(r.reason()).isEqualTo("heal-failed (exit 1: Access denied)");
    }

    @Test
    void aModeThatForbidsHealingIsAnEscalationNotAMiss() {
        RoundResult r = EvidenceReading.read(ROUND, T0, List.of(
                record(10, 3, HOST, RB, "detect", "drifted", "{}"),
                record(11, 4, HOST, RB, "escalate", "escalated", "{\"reason\":\"no-rule\"}")));
        assertThat(r.outcome()).isEqualTo(Outcome.ESCALATED);
        assertThat(r.reason()).isEqualTo("no-rule");
    }

    @Test
    void aFailedHealWithoutEscalationIsAHealFailureWithItsError() {
        RoundResult r = EvidenceReading.read(ROUND, T0, List.of(
                record(11, 4, HOST, RB, "heal", "remediation-failed", "{\"tier\":\"L1\",\"error\":\"timed out after 60 s\"}")));
        assertThat(r.outcome()).isEqualTo(Outcome.HEAL_FAILED);
        assertThat(r.reason()).isEqualTo("heal failed: timed out after 60 s");
    }

    @Test
    void noEvidenceOfTheRunbookIsAMissEvenIfOtherHostsAndChecksHaveSome() {
        RoundResult r = EvidenceReading.read(ROUND, T0, List.of(
                record(10, 3, "127.0.0.99", RB, "verify", "verified", "{}"),
                record(11, 3, HOST, "RB-WIN-RUNKEY-001", "verify", "verified", "{}")));
        assertThat(r.outcome()).isEqualTo(Outcome.NOT_DETECTED);
        assertThat(r.reason()).contains("no drift of RB-WIN-FIREWALL-001");
    }

    @Test
    void anUnreachableHostIsReportedWithTheTransportError() {
        RoundResult r = EvidenceReading.read(ROUND, T0, List.of(
                record(10, 3, HOST, "drift.scan", "detect", "unreachable", "{\"error\":\"connect refused\"}")));
        assertThat(r.outcome()).isEqualTo(Outcome.UNREACHABLE);
        assertThat(r.reason()).isEqualTo("host unreachable: connect refused");
    }

    @Test
    void aLogonRefusedWithTheTransportsClockSkewReasonIsTimeSkew() {
        RoundResult r = EvidenceReading.read(ROUND, T0, List.of(record(10, 3, HOST, "drift.scan", "detect", "unreachable",
                "{\"error\":\"clock_skew: the host refused the domain logon; its clock is -691200 s off\","
                        + "\"reason\":\"clock_skew\"}")));
        assertThat(r.outcome()).isEqualTo(Outcome.TIME_SKEW);
        assertThat(r.reason()).startsWith("logon refused for clock skew: clock_skew: the host refused");
    }

    @Test
    void anErrorThatOnlyMentionsTheClockIsNotTakenForSkew() {
        RoundResult r = EvidenceReading.read(ROUND, T0, List.of(record(10, 3, HOST, "drift.scan", "detect", "unreachable",
                "{\"error\":\"authentication: the clock skew between the client and the DC is too great\","
                        + "\"reason\":\"authentication\"}")));
        assertThat(r.outcome()).isEqualTo(Outcome.UNREACHABLE);
    }

    @Test
    void aDriftDetectedAndNothingMoreIsDetectedOnly() {
        RoundResult r = EvidenceReading.read(ROUND, T0, List.of(record(10, 3, HOST, RB, "detect", "drifted", "{}")));
        assertThat(r.outcome()).isEqualTo(Outcome.DETECTED_ONLY);
    }
}
