package dev.osiris.lab.chaos;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.osiris.lab.chaos.Rounds.escalated;
import static dev.osiris.lab.chaos.Rounds.healed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class PlotsTest {

    @TempDir
    Path dir;

    @Test
    void gnuplotDrawsTheHealRatesAndTheTimeToHealHistogram() throws Exception {
        assumeTrue(onPath("gnuplot"), "gnuplot is not installed (./osiris test installs gnuplot-nox)");
        CampaignStats stats = new CampaignStats(List.of(
                healed(1, "NVDC01", "RB-WIN-FIREWALL-001", Category.SECURITY, 4),
                healed(2, "lnx01", "RB-LNX-SSHROOT-001", Category.SECURITY, 12),
                escalated(3, "NVWS01", "RB-WIN-GUEST-001", Category.POLICY, "escalate-policy")));
        List<Path> files = Plots.render(stats, dir);
        assertThat(files).extracting(p -> p.getFileName().toString()).containsExactly(
                "heal-rate-category.svg", "heal-rate-category.png", "heal-rate-host.svg", "heal-rate-host.png",
                "time-to-heal.svg", "time-to-heal.png");
        for (Path f : files) {
            assertThat(Files.size(f)).as(f.toString()).isGreaterThan(1000);
        }
        String category = Files.readString(dir.resolve("heal-rate-category.svg"));
        // the bars carry their counts: 2/2 for security, 0/1 for policy
        assertThat(category).startsWith("<?xml").contains("<svg").contains("2/2").contains("0/1").contains("security");
        assertThat(Files.readString(dir.resolve("heal-rate-host.svg"))).contains("NVDC01").contains("lnx01");
        byte[] png = Files.readAllBytes(dir.resolve("time-to-heal.png"));
        assertThat(png).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
        assertThat(Files.readString(dir.resolve("time-to-heal.svg"))).contains("10-20s");
    }

    @Test
    void theReportIsWrittenInEveryFormatWithThePlotsReferencedFromTheHtml() throws Exception {
        assumeTrue(onPath("gnuplot"), "gnuplot is not installed");
        CampaignResult result = new CampaignResult(Plan.FULL_SPECTRUM, 7, java.util.Map.of("SEED", "7"), Rounds.T0,
                Rounds.T0.plusSeconds(90), List.of(healed(1, "NVDC01", "RB-WIN-FIREWALL-001", Category.SECURITY, 4),
                escalated(2, "NVWS01", "RB-WIN-GUEST-001", Category.POLICY, "escalate-policy")),
                List.of(), java.util.Map.of(), 0, false, List.of());
        assertThat(new CampaignReport(result).write(dir)).isEmpty();
        assertThat(Files.readString(dir.resolve("report.html"))).contains("<img src=\"heal-rate-category.svg\"");
        assertThat(Files.readString(dir.resolve("report.md"))).contains("**Heal rate: 1/2 (50%)**")
                .contains("| 2 | NVWS01 | RB-WIN-GUEST-001.test | escalated | escalate-policy |");
        var json = dev.osiris.protocol.json.Json.MAPPER.readTree(dir.resolve("report.json").toFile());
        assertThat(json.path("byCategory").path("policy").path("judged").asInt()).isEqualTo(1);
        assertThat(json.path("timeToHeal").path("medianMs").asLong()).isEqualTo(4000);
    }

    static boolean onPath(String tool) {
        return java.util.Arrays.stream(System.getenv("PATH").split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
    }
}
