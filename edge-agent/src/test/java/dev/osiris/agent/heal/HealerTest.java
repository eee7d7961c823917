package dev.osiris.agent.heal;

import dev.osiris.testing.Await;
import dev.osiris.agent.remote.RemoteFailure;
import dev.osiris.agent.remote.ScriptedRemoteShell;
import dev.osiris.agent.runbook.RunbookRunner;
import dev.osiris.protocol.checkin.HealingMode;
import dev.osiris.protocol.checkin.Target;
import dev.osiris.protocol.evidence.EvidenceRecord;
import dev.osiris.protocol.runbook.Baseline;
import dev.osiris.protocol.runbook.Runbook;
import dev.osiris.protocol.runbook.Severity;
import dev.osiris.protocol.runbook.Verdict;
import dev.osiris.protocol.json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static dev.osiris.agent.heal.HealingFixture.BITLOCKER;
import static dev.osiris.agent.heal.HealingFixture.COMPLIANT;
import static dev.osiris.agent.heal.HealingFixture.DRIFTED;
import static dev.osiris.agent.heal.HealingFixture.FIREWALL;
import static dev.osiris.agent.remote.ScriptedRemoteShell.detected;
import static dev.osiris.agent.remote.ScriptedRemoteShell.ok;
import static org.assertj.core.api.Assertions.assertThat;

/** The healer against a scripted shell, a real agent database and evidence chain, and a clock the test moves. */
class HealerTest {

    static final String REMEDIATE = "remediate-" + FIREWALL.id();
    static final String DETECT = "detect-batch";

    @TempDir
    Path dir;
    HealingFixture f;
    FlapDetector flaps = new FlapDetector(3, Duration.ofHours(1));
    HealingPolicy policy = new HealingPolicy(HealingMode.STANDARD, false, 3, Duration.ofSeconds(10));
    Healer healer;
    final Target ws01 = HealingFixture.windows("cred-ws01", "ws01.clinic.local");

    @BeforeEach
    void open() throws Exception {
        f = HealingFixture.open(dir);
        healer = new Healer(new RunbookRunner(HealingFixture.CATALOG), new LearnedKnowledge(3, List.of()), flaps, f.store,
                f.incidents, f.evidence, f.entries(), f.clock, f.delay, () -> policy);
    }

    @AfterEach
    void close() throws Exception {
        f.close();
    }

    HealResult heal(ScriptedRemoteShell shell, Runbook runbook) throws Exception {
        return f.onLoop(() -> healer.heal(shell, ws01, runbook, HealingFixture.drifted(), Baseline.EMPTY));
    }

    @Test
    void anL1RemediationThatVerifiesIsHealedAndEvidencedAsRemediatedThenVerified() throws Exception {
        ScriptedRemoteShell shell = new ScriptedRemoteShell("ws01").on(REMEDIATE, ok("")).on(DETECT, detected(FIREWALL.id(), COMPLIANT));

        HealResult result = heal(shell, FIREWALL);

        assertThat(result).isEqualTo(new HealResult(FIREWALL.id(), HealResult.Outcome.HEALED, HealPlan.Tier.L1,
                HealPlan.Reason.STANDARD_RULE));
        assertThat(shell.ranNames()).containsExactly(REMEDIATE, DETECT);
        assertThat(f.outcomes("heal")).containsExactly("remediated");
        assertThat(f.outcomes("verify")).containsExactly("verified");
        assertThat(f.waits).as("no retry, no wait").isEmpty();
        assertThat(flaps.recentHeals(ws01.id(), FIREWALL.id(), f.clock.instant())).isEqualTo(1);
        assertThat(Await.result(f.store.remembered(HealingFixture.T0)).heals())
                .extracting(SqliteHealingStore.Heal::targetId).as("the heal is kept for the flapping window").containsExactly(ws01.id());
        assertThat(Await.result(f.incidents.incidents())).isEmpty();
    }

    @Test
    void aRemediationWhoseVerifyStillFailsIsRetriedWithDoublingBackoffThenEscalatedNeverVerified() throws Exception {
        ScriptedRemoteShell shell = new ScriptedRemoteShell("ws01").on(REMEDIATE, ok("")).on(DETECT, detected(FIREWALL.id(), DRIFTED));

        HealResult result = heal(shell, FIREWALL);

        assertThat(result).isEqualTo(new HealResult(FIREWALL.id(), HealResult.Outcome.ESCALATED, HealPlan.Tier.L3,
                HealPlan.Reason.HEAL_FAILED));
        assertThat(shell.ranNames()).containsExactly(REMEDIATE, DETECT, REMEDIATE, DETECT, REMEDIATE, DETECT);
        assertThat(f.waits).containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(20));
        assertThat(f.outcomes("verify")).containsExactly("not-verified", "not-verified", "not-verified");
        assertThat(f.outcomes("escalate")).containsExactly("escalated");
        assertThat(flaps.recentHeals(ws01.id(), FIREWALL.id(), f.clock.instant())).as("nothing healed").isZero();

        EvidenceRecord escalation = f.records().stream().filter(r -> r.kind().equals("escalate")).findFirst().orElseThrow();
        IncidentState incident = Await.result(f.incidents.incidents()).getFirst();
        assertThat(incident.status()).isEqualTo(IncidentState.Status.OPEN);
        assertThat(incident.incident().targetId()).isEqualTo(ws01.id());
        assertThat(incident.incident().reason()).isEqualTo(HealPlan.Reason.HEAL_FAILED);
        assertThat(incident.incident().severity()).isEqualTo(Severity.HIGH);
        assertThat(incident.incident().evidenceSeq()).isEqualTo(escalation.seq());
        assertThat(incident.incident().raisedAt()).as("raised on the moved clock")
                .isEqualTo(HealingFixture.T0.plus(Duration.ofSeconds(30)));
        assertThat(escalation.detailsJson().path("incidentId").asText()).isEqualTo(incident.incident().id());
    }

    @Test
    void aSecondAttemptThatVerifiesHealsAfterOneBackoff() throws Exception {
        ScriptedRemoteShell shell = new ScriptedRemoteShell("ws01").on(REMEDIATE, ok(""))
                .on(DETECT, detected(FIREWALL.id(), DRIFTED), detected(FIREWALL.id(), COMPLIANT));

        assertThat(heal(shell, FIREWALL).outcome()).isEqualTo(HealResult.Outcome.HEALED);
        assertThat(f.waits).containsExactly(Duration.ofSeconds(10));
        assertThat(f.outcomes("verify")).containsExactly("not-verified", "verified");
    }

    @Test
    void aRemediationThatTimesOutIsAFailedAttemptWhoseErrorIsEvidenced() throws Exception {
        policy = new HealingPolicy(HealingMode.STANDARD, false, 1, Duration.ofSeconds(10));
        ScriptedRemoteShell shell = new ScriptedRemoteShell("ws01").on(REMEDIATE, ScriptedRemoteShell.timingOut())
                .on(DETECT, detected(FIREWALL.id(), DRIFTED));

        assertThat(heal(shell, FIREWALL).outcome()).isEqualTo(HealResult.Outcome.ESCALATED);
        EvidenceRecord remediation = f.records().stream().filter(r -> r.kind().equals("heal")).findFirst().orElseThrow();
        assertThat(remediation.outcome()).isEqualTo("remediation-failed");
        assertThat(remediation.detailsJson().path("error").asText()).startsWith(RemoteFailure.Reason.TIMEOUT.word())
                .contains(REMEDIATE);
    }

    @Test
    void aDryRunRunsNoRemediationAndItsEvidenceSaysDryRun() throws Exception {
        policy = policy.withSite(HealingMode.STANDARD, true);
        ScriptedRemoteShell shell = new ScriptedRemoteShell("ws01");

        assertThat(heal(shell, FIREWALL)).isEqualTo(new HealResult(FIREWALL.id(), HealResult.Outcome.DRY_RUN,
                HealPlan.Tier.L1, HealPlan.Reason.STANDARD_RULE));
        assertThat(heal(shell, BITLOCKER)).isEqualTo(new HealResult(BITLOCKER.id(), HealResult.Outcome.DRY_RUN,
                HealPlan.Tier.L3, HealPlan.Reason.DETECT_ONLY));

        assertThat(shell.ranNames()).as("nothing ran on the host").isEmpty();
        assertThat(f.outcomes("heal")).containsExactly("dry-run");
        assertThat(f.records().stream().filter(r -> r.kind().equals("heal")).findFirst().orElseThrow()
                .detailsJson().path("note").asText()).contains("dry run");
        assertThat(f.outcomes("escalate")).containsExactly("dry-run");
        assertThat(Await.result(f.incidents.incidents())).as("a dry run raises no incident").isEmpty();
    }

    @Test
    void aDriftEnforcedByPolicyIsEscalatedWithItsSourcesAndNeverRemediatedNorHealedOnALaterScan() throws Exception {
        String gpo = "GPO HKLM\\SOFTWARE\\Policies\\Microsoft\\WindowsFirewall\\DomainProfile EnableFirewall=0";
        Verdict enforced = FIREWALL.evaluate(Json.MAPPER.readTree("{\"ok\": false, \"enforcedBy\": [" + Json.MAPPER
                .writeValueAsString(gpo) + "]}"), Baseline.EMPTY);
        ScriptedRemoteShell shell = new ScriptedRemoteShell("ws01");

        HealResult first = f.onLoop(() -> healer.heal(shell, ws01, FIREWALL, enforced, Baseline.EMPTY));
        HealResult later = f.onLoop(() -> healer.heal(shell, ws01, FIREWALL, enforced, Baseline.EMPTY));

        assertThat(first).isEqualTo(new HealResult(FIREWALL.id(), HealResult.Outcome.ESCALATED, HealPlan.Tier.L3,
                HealPlan.Reason.ENFORCED_BY_POLICY));
        assertThat(later.outcome()).as("the open incident owns it: no heal loop").isEqualTo(HealResult.Outcome.LEFT);
        assertThat(shell.ranNames()).as("no remediation ran").isEmpty();
        EvidenceRecord escalation = f.records().stream().filter(r -> r.kind().equals("escalate")).findFirst().orElseThrow();
        assertThat(escalation.detailsJson().path("reason").asText()).isEqualTo("enforced-by-policy");
        assertThat(escalation.detailsJson().path("note").asText()).isEqualTo("enforced by policy: " + gpo);
        assertThat(escalation.detailsJson().path("enforcedBy").get(0).asText()).isEqualTo(gpo);
        IncidentState incident = Await.result(f.incidents.incidents()).getFirst();
        assertThat(incident.incident().reason()).isEqualTo(HealPlan.Reason.ENFORCED_BY_POLICY);
        assertThat(incident.incident().summary()).contains("enforced by policy: " + gpo);
        assertThat(f.outcomes("heal")).isEmpty();
    }

    @Test
    void aCheckHealedThreeTimesInTheWindowIsEscalatedAsFlappingInsteadOfHealedAgain() throws Exception {
        ScriptedRemoteShell shell = new ScriptedRemoteShell("ws01").on(REMEDIATE, ok("")).on(DETECT, detected(FIREWALL.id(), COMPLIANT));
        for (int i = 0; i < 3; i++) {
            assertThat(heal(shell, FIREWALL).outcome()).isEqualTo(HealResult.Outcome.HEALED);
            f.clock.advance(Duration.ofMinutes(10));
        }
        int ranBefore = shell.ranNames().size();

        assertThat(heal(shell, FIREWALL)).isEqualTo(new HealResult(FIREWALL.id(), HealResult.Outcome.ESCALATED,
                HealPlan.Tier.L3, HealPlan.Reason.FLAPPING));
        assertThat(shell.ranNames()).as("no fourth remediation").hasSize(ranBefore);
        assertThat(Await.result(f.incidents.incidents())).extracting(i -> i.incident().reason())
                .containsExactly(HealPlan.Reason.FLAPPING);

        assertThat(heal(shell, FIREWALL)).as("the open incident owns the check now").isEqualTo(new HealResult(
                FIREWALL.id(), HealResult.Outcome.LEFT, null, HealPlan.Reason.ALREADY_ESCALATED));
        assertThat(shell.ranNames()).hasSize(ranBefore);
    }

    @Test
    void healsOutsideTheWindowNoLongerCountAsFlapping() throws Exception {
        ScriptedRemoteShell shell = new ScriptedRemoteShell("ws01").on(REMEDIATE, ok("")).on(DETECT, detected(FIREWALL.id(), COMPLIANT));
        for (int i = 0; i < 3; i++) {
            heal(shell, FIREWALL);
            f.clock.advance(Duration.ofMinutes(25));
        }

        assertThat(heal(shell, FIREWALL).outcome()).as("the first heal left the hour").isEqualTo(HealResult.Outcome.HEALED);
    }
}
