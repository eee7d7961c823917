package dev.osiris.lab.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import dev.osiris.protocol.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReportComparisonTest {

    @TempDir
    Path dir;

    @Test
    void showsEachRunbookUpDownNewOrGone() throws Exception {
        JsonNode a = Json.MAPPER.readTree("""
                {"overall":{"healed":1,"judged":2,"percent":50.0},"byRunbook":{
                 "RB-WIN-FIREWALL-001":{"healed":0,"judged":1,"percent":0.0},
                 "RB-WIN-GUEST-001":{"healed":1,"judged":1,"percent":100.0}}}""");
        JsonNode b = Json.MAPPER.readTree("""
                {"overall":{"healed":2,"judged":2,"percent":100.0},"byRunbook":{
                 "RB-WIN-FIREWALL-001":{"healed":1,"judged":1,"percent":100.0},
                 "RB-LNX-SSHROOT-001":{"healed":1,"judged":1,"percent":100.0}}}""");
        String out = ReportComparison.compare(a, b);
        assertThat(out).containsPattern("RB-WIN-FIREWALL-001 +0/1 +0% +1/1 100% +up 100")
                .containsPattern("RB-WIN-GUEST-001 +1/1 100% +- +gone")
                .containsPattern("RB-LNX-SSHROOT-001 +- +1/1 100% +new")
                .containsPattern("overall +1/2 +50% +2/2 100% +up 50");
    }

    @Test
    void aFileThatIsNotAReportIsRefusedByName() throws Exception {
        Path f = dir.resolve("x.json");
        Files.writeString(f, "{\"plan\":\"stress\"}");
        assertThatThrownBy(() -> ReportComparison.load(f)).hasMessage(f + ": not a campaign report (no overall or byRunbook)");
        assertThatThrownBy(() -> ReportComparison.load(dir)).hasMessageStartingWith(dir.resolve("report.json") + ": cannot read");
    }
}
