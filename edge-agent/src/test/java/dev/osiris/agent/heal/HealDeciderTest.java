package dev.osiris.agent.heal;

import dev.osiris.protocol.checkin.HealingMode;
import dev.osiris.protocol.runbook.Runbook;
import dev.osiris.protocol.runbook.RunbookCatalog;
import dev.osiris.protocol.runbook.RunbookParser;
import dev.osiris.protocol.runbook.Verdict;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class HealDeciderTest {

    static Runbook runbook(String id, String heal, boolean standard) {
        String yaml = """
                id: %s
                version: 1
                title: t
                platform: %s
                severity: high
                heal: %s
                standard: %s
                controls: {hipaa: ["164.312(b)"], soc2: [], pci-dss-4: [], nist-csf-2: [], cis-v8: []}
                detect: x
                expect: [{path: ok, equals: true}]
                %s
                """.formatted(id, id.startsWith("RB-WIN") ? "windows" : "linux", heal, standard,
                heal.equals("auto") ? "remediate: fix" : "");
        return RunbookParser.parse(id, yaml.getBytes(StandardCharsets.UTF_8));
    }

    static final Runbook STANDARD = runbook("RB-WIN-FW-001", "auto", true);
    static final Runbook FULL_ONLY = runbook("RB-WIN-TASKS-001", "auto", false);
    static final Runbook DETECT_ONLY = runbook("RB-WIN-BITLOCKER-001", "detect-only", false);
    static final Runbook ESCALATE = runbook("RB-WIN-CERT-001", "escalate", false);
    static final Runbook OTHER = runbook("RB-WIN-OTHER-001", "auto", false);
    static final Runbook LINUX = runbook("RB-LNX-SSH-001", "auto", true);
    static final RunbookCatalog CATALOG = new RunbookCatalog(List.of(STANDARD, FULL_ONLY, DETECT_ONLY, ESCALATE, OTHER, LINUX),
            Map.of());
    final HealDecider decider = new HealDecider(CATALOG);

    HealPlan decide(Runbook r, HealingMode mode, Knowledge k, Set<String> tried) {
        return decider.decide(r, "ok", mode, k, false, false, false, tried);
    }

    @Test
    void standardModeHealsOnlyTheConservativeSubset() {
        assertThat(decide(STANDARD, HealingMode.STANDARD, Knowledge.NONE, Set.of()))
                .isEqualTo(HealPlan.heal(HealPlan.Tier.L1, STANDARD, HealPlan.Reason.STANDARD_RULE));
        assertThat(decide(FULL_ONLY, HealingMode.STANDARD, Knowledge.NONE, Set.of())).isEqualTo(HealPlan.escalate(HealPlan.Reason.NO_RULE));
        assertThat(decide(FULL_ONLY, HealingMode.FULL_COVERAGE, Knowledge.NONE, Set.of()))
                .isEqualTo(HealPlan.heal(HealPlan.Tier.L1, FULL_ONLY, HealPlan.Reason.FULL_COVERAGE_RULE));
    }

    @Test
    void detectOnlyEscalateFlappingAndOwnedChecksNeverHeal() {
        assertThat(decide(DETECT_ONLY, HealingMode.FULL_COVERAGE, Knowledge.NONE, Set.of())).isEqualTo(HealPlan.escalate(HealPlan.Reason.DETECT_ONLY));
        assertThat(decide(ESCALATE, HealingMode.FULL_COVERAGE, Knowledge.NONE, Set.of())).isEqualTo(HealPlan.escalate(HealPlan.Reason.ESCALATE_POLICY));
        assertThat(decider.decide(STANDARD, "ok", HealingMode.FULL_COVERAGE, Knowledge.NONE, true, false, false, Set.of()))
                .isEqualTo(HealPlan.escalate(HealPlan.Reason.FLAPPING));
        assertThat(decider.decide(STANDARD, "ok", HealingMode.FULL_COVERAGE, Knowledge.NONE, false, true, false, Set.of()).action())
                .isEqualTo(HealPlan.Action.NONE);
    }

    @Test
    void aPolicyEnforcedDriftEscalatesWhateverTheModeOrKnowledgeUnlessAHumanAlreadyOwnsIt() {
        LearnedKnowledge k = new LearnedKnowledge(1, List.of());
        k.success(STANDARD.id(), "ok", STANDARD.id());
        for (HealingMode mode : HealingMode.values()) {
            assertThat(decider.decide(STANDARD, "ok", mode, k, false, false, true, Set.of()))
                    .isEqualTo(HealPlan.escalate(HealPlan.Reason.ENFORCED_BY_POLICY));
        }
        assertThat(decider.decide(DETECT_ONLY, "ok", HealingMode.FULL_COVERAGE, Knowledge.NONE, false, false, true, Set.of()))
                .as("the policy is the more useful reason for a human").isEqualTo(HealPlan.escalate(HealPlan.Reason.ENFORCED_BY_POLICY));
        assertThat(decider.decide(STANDARD, "ok", HealingMode.FULL_COVERAGE, Knowledge.NONE, false, true, true, Set.of()))
                .isEqualTo(HealPlan.none(HealPlan.Reason.ALREADY_ESCALATED));
    }

    @Test
    void failedL1GoesToTheL2PlannerThenToAHuman() {
        LearnedKnowledge k = new LearnedKnowledge(3, List.of());
        k.success(STANDARD.id(), "ok", OTHER.id());
        assertThat(decide(STANDARD, HealingMode.STANDARD, k, Set.of(STANDARD.id())))
                .isEqualTo(HealPlan.heal(HealPlan.Tier.L2, OTHER, HealPlan.Reason.HISTORY));
        assertThat(decide(STANDARD, HealingMode.STANDARD, k, Set.of(STANDARD.id(), OTHER.id())))
                .isEqualTo(HealPlan.escalate(HealPlan.Reason.HEAL_FAILED));
    }

    @Test
    void aRemedyWithAFailureIsNotPlannedAndKSuccessesPromote() {
        LearnedKnowledge k = new LearnedKnowledge(3, List.of());
        k.success(FULL_ONLY.id(), "ok", FULL_ONLY.id());
        k.failure(FULL_ONLY.id(), "ok", FULL_ONLY.id());
        assertThat(decide(FULL_ONLY, HealingMode.STANDARD, k, Set.of())).isEqualTo(HealPlan.escalate(HealPlan.Reason.NO_RULE));
        LearnedKnowledge fresh = new LearnedKnowledge(3, List.of());
        fresh.success(FULL_ONLY.id(), "ok", FULL_ONLY.id());
        assertThat(decide(FULL_ONLY, HealingMode.STANDARD, fresh, Set.of()).tier()).isEqualTo(HealPlan.Tier.L2);
        fresh.success(FULL_ONLY.id(), "ok", FULL_ONLY.id());
        assertThat(fresh.success(FULL_ONLY.id(), "ok", FULL_ONLY.id()).promoted()).isTrue();
        assertThat(decide(FULL_ONLY, HealingMode.STANDARD, fresh, Set.of()))
                .isEqualTo(HealPlan.heal(HealPlan.Tier.L1, FULL_ONLY, HealPlan.Reason.LEARNED_RULE));
        assertThat(decider.decide(FULL_ONLY, "other-shape", HealingMode.STANDARD, fresh, false, false, false, Set.of()))
                .isEqualTo(HealPlan.escalate(HealPlan.Reason.NO_RULE));
    }

    @Test
    void thePlannerNeverRunsAnythingOutsideTheCatalogOrAcrossPlatforms() {
        LearnedKnowledge k = new LearnedKnowledge(1, List.of());
        k.success(FULL_ONLY.id(), "ok", "RB-WIN-NOT-IN-CATALOG-001");
        k.success(FULL_ONLY.id(), "ok", LINUX.id());
        k.success(FULL_ONLY.id(), "ok", DETECT_ONLY.id());
        assertThat(decide(FULL_ONLY, HealingMode.STANDARD, k, Set.of())).isEqualTo(HealPlan.escalate(HealPlan.Reason.NO_RULE));
    }

    @Test
    void flappingIsCountedInTheWindow() {
        FlapDetector f = new FlapDetector(3, Duration.ofMinutes(10));
        Instant t = Instant.parse("2026-11-23T12:00:00Z");
        f.healed("h", "r", t);
        f.healed("h", "r", t.plusSeconds(60));
        assertThat(f.flapping("h", "r", t.plusSeconds(120))).isFalse();
        f.healed("h", "r", t.plusSeconds(180));
        assertThat(f.flapping("h", "r", t.plusSeconds(200))).isTrue();
        assertThat(f.flapping("h", "r", t.plusSeconds(660))).isFalse();
        assertThat(f.flapping("other", "r", t.plusSeconds(200))).isFalse();
    }

    @Test
    void signatureGeneralisesIndexes() {
        Verdict v = new Verdict(Verdict.Status.DRIFTED, List.of("profiles[2].enabled: expected equals true, got false",
                "profiles[0].enabled: expected equals true, got false", "count: expected min 3, got 1"), null);
        assertThat(DriftSignature.of(v)).isEqualTo("count,profiles[*].enabled");
    }
}
