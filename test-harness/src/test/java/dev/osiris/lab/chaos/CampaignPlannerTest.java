package dev.osiris.lab.chaos;

import dev.osiris.lab.runbooks.Attack;
import dev.osiris.lab.runbooks.Attacks;
import dev.osiris.protocol.runbook.Platform;
import dev.osiris.protocol.runbook.RunbookCatalog;
import dev.osiris.protocol.runbook.Verdict;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class CampaignPlannerTest {

    static final List<Attack> ATTACKS = Attacks.load().all();
    static final CampaignPlanner PLANNER = new CampaignPlanner(RunbookCatalog.builtIn());

    static CampaignPlanner.PlannedHost host(String name, String address, Platform platform, String... notApplicable) {
        Map<String, Verdict.Status> baseline = new HashMap<>();
        RunbookCatalog.builtIn().forPlatform(platform).forEach(r -> baseline.put(r.id(), Verdict.Status.COMPLIANT));
        for (String id : notApplicable) {
            baseline.put(id, Verdict.Status.NOT_APPLICABLE);
        }
        return new CampaignPlanner.PlannedHost(name, address, platform, baseline);
    }

    static final List<CampaignPlanner.PlannedHost> LAB = List.of(
            host("NVDC01", "127.0.0.11", Platform.WINDOWS, "RB-WIN-BACKUP-001"),
            host("NVWS01", "127.0.0.12", Platform.WINDOWS, "RB-WIN-BACKUP-001"),
            host("lnx01", "198.18.0.10", Platform.LINUX));

    @Test
    void theSameSeedGivesTheSameRoundsAndAnotherSeedAnotherOrder() {
        var a = PLANNER.plan(Plan.FULL_SPECTRUM, CampaignConfig.DEFAULTS, ATTACKS, LAB, 42);
        var b = PLANNER.plan(Plan.FULL_SPECTRUM, CampaignConfig.DEFAULTS, ATTACKS, LAB, 42);
        var c = PLANNER.plan(Plan.FULL_SPECTRUM, CampaignConfig.DEFAULTS, ATTACKS, LAB, 43);
        assertThat(a).isEqualTo(b);
        assertThat(c.rounds()).isNotEqualTo(a.rounds());
        assertThat(c.rounds()).hasSameSizeAs(a.rounds());
    }

    @Test
    void fullSpectrumRunsEveryAttackOnceOnAHostOfItsPlatformWhereItStartsCompliant() {
        var plan = PLANNER.plan(Plan.FULL_SPECTRUM, CampaignConfig.DEFAULTS, ATTACKS, LAB, 1);
        assertThat(plan.skipped()).allSatisfy(s -> assertThat(s).startsWith("RB-WIN-BACKUP-001"));
        assertThat(plan.rounds()).hasSize(ATTACKS.size() - plan.skipped().size());
        assertThat(plan.rounds()).allSatisfy(r -> assertThat(r.host().startsWith("lnx"))
                .isEqualTo(r.attack().platform() == Platform.LINUX));
        assertThat(plan.rounds().stream().map(r -> r.attack().category()).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(Category.values());
    }

    @Test
    void attacksAreSpreadEvenlyOverTheHostsTheyFit() {
        var plan = PLANNER.plan(Plan.FULL_SPECTRUM, CampaignConfig.DEFAULTS, ATTACKS, LAB, 11);
        Map<String, Long> perHost = plan.rounds().stream().collect(Collectors.groupingBy(Round::host, Collectors.counting()));
        assertThat(Math.abs(perHost.get("NVDC01") - perHost.get("NVWS01"))).isLessThanOrEqualTo(1);
    }

    @Test
    void aWaveAttacksEachHostAtMostOnce() {
        var plan = PLANNER.plan(Plan.FULL_SPECTRUM, CampaignConfig.DEFAULTS, ATTACKS, LAB, 5);
        Map<Integer, List<String>> hostsPerWave = plan.rounds().stream()
                .collect(Collectors.groupingBy(Round::wave, Collectors.mapping(Round::host, Collectors.toList())));
        hostsPerWave.values().forEach(hosts -> assertThat(hosts).doesNotHaveDuplicates());
        assertThat(plan.rounds()).extracting(Round::index)
                .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, plan.rounds().size()).boxed().toList());
    }

    @Test
    void stressRepeatsTheChosenAttacksRoundsTimesOnEveryHostTheyApplyTo() {
        CampaignConfig config = new CampaignConfig(null, List.of(), List.of(Category.values()),
                List.of("RB-WIN-FIREWALL-001"), 0, 5, CampaignConfig.DEFAULTS.healTimeout(), false, true, "full-coverage",
                Set.of(), null);
        var plan = PLANNER.plan(Plan.STRESS, config, ATTACKS, LAB, 3);
        assertThat(plan.rounds()).hasSize(10);
        assertThat(plan.rounds()).extracting(Round::host).containsOnly("NVDC01", "NVWS01");
        assertThat(plan.rounds().stream().filter(r -> r.host().equals("NVDC01")).map(Round::repeat))
                .containsExactly(1, 2, 3, 4, 5);
    }

    @Test
    void healingFirstTakesOneAttackPerRunbookOfTheChosenCategoriesUpToTheLimit() {
        CampaignConfig config = new CampaignConfig(null, List.of(), List.of(Category.PERSISTENCE), List.of(), 2, 1,
                CampaignConfig.DEFAULTS.healTimeout(), false, true, "full-coverage", Set.of(), null);
        var plan = PLANNER.plan(Plan.HEALING_FIRST, config, ATTACKS, LAB, 9);
        assertThat(plan.rounds()).hasSize(2).allSatisfy(r -> assertThat(r.attack().category()).isEqualTo(Category.PERSISTENCE));
        assertThat(plan.rounds()).extracting(Round::runbook).doesNotHaveDuplicates();
    }

    @Test
    void aNetworkScanHasNoAttack() {
        assertThat(PLANNER.plan(Plan.NETWORK_SCAN, CampaignConfig.DEFAULTS, ATTACKS, LAB, 1).rounds()).isEmpty();
    }
}
