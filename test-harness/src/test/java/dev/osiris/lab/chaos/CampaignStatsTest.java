package dev.osiris.lab.chaos;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.osiris.lab.chaos.Rounds.escalated;
import static dev.osiris.lab.chaos.Rounds.healed;
import static org.assertj.core.api.Assertions.assertThat;

class CampaignStatsTest {

    @Test
    void ratesArePerCategoryHostAndRunbookAndEscalationsCountAgainstThem() {
        CampaignStats s = new CampaignStats(List.of(
                healed(1, "NVDC01", "RB-WIN-FIREWALL-001", Category.SECURITY, 4),
                escalated(2, "NVWS01", "RB-WIN-FIREWALL-001", Category.SECURITY, "no-rule"),
                healed(3, "NVWS01", "RB-WIN-RUNKEY-001", Category.PERSISTENCE, 6)));
        assertThat(s.overall()).isEqualTo(new CampaignStats.Rate(2, 3));
        assertThat(s.byCategory()).containsEntry("security", new CampaignStats.Rate(1, 2))
                .containsEntry("persistence", new CampaignStats.Rate(1, 1));
        assertThat(s.byHost()).containsEntry("NVWS01", new CampaignStats.Rate(1, 2));
        assertThat(s.byRunbook()).containsEntry("RB-WIN-FIREWALL-001", new CampaignStats.Rate(1, 2));
        assertThat(s.byTier()).containsEntry("L1", 2).containsEntry("L3", 1);
        assertThat(s.escalationReasons()).containsExactlyEntriesOf(java.util.Map.of("no-rule", 1));
        assertThat(s.notHealed()).extracting(r -> r.round().index()).containsExactly(2);
        assertThat(s.autoHealable(java.util.Set.of("RB-WIN-RUNKEY-001"))).isEqualTo(new CampaignStats.Rate(1, 1));
    }

    @Test
    void attacksThatDidNotRunAreNotJudged() {
        RoundResult failed = new RoundResult(Rounds.round(1, "lnx01", "RB-LNX-SSHROOT-001", Category.SECURITY),
                Outcome.ATTACK_FAILED, null, "the attack did not run", Rounds.T0, null, false, List.of());
        assertThat(new CampaignStats(List.of(failed, healed(2, "lnx01", "RB-LNX-SSHROOT-001", Category.SECURITY, 3)))
                .overall()).isEqualTo(new CampaignStats.Rate(1, 1));
    }

    @Test
    void medianAndP95AreNearestRankAndTheHistogramCountsEveryHeal() {
        List<RoundResult> rounds = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            rounds.add(healed(i, "NVDC01", "RB-WIN-FIREWALL-001", Category.SECURITY, i));
        }
        CampaignStats.Timing t = new CampaignStats(rounds).timing();
        assertThat(t.median()).isEqualTo(Duration.ofSeconds(10));
        assertThat(t.p95()).isEqualTo(Duration.ofSeconds(19));
        assertThat(t.max()).isEqualTo(Duration.ofSeconds(20));
        assertThat(t.histogram()).containsEntry("0-1s", 0).containsEntry("1-2s", 1).containsEntry("2-3s", 1)
                .containsEntry("3-5s", 2).containsEntry("5-10s", 5).containsEntry("10-20s", 10).containsEntry("20-40s", 1)
                .containsEntry(">=160s", 0);
        assertThat(t.histogram().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(20);
    }

    @Test
    void noHealMeansNoTimingFigures() {
        CampaignStats.Timing t = new CampaignStats(List.of(escalated(1, "NVDC01", "RB-WIN-GUEST-001", Category.SECURITY,
                "escalate-policy"))).timing();
        assertThat(t.median()).isNull();
        assertThat(t.p95()).isNull();
    }
}
