package dev.osiris.lab.bench.healing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench healing} with N=3: every figure it promises is printed, as numbers; every host is fully scanned and
 * every injected drift healed (no timing assertions).
 */
class HealingBenchIT {

    private static final String MS = "median +\\d+\\.\\d\\d ms +p95 +\\d+\\.\\d\\d ms";

    @Test
    void scansEveryHostAndHealsEveryInjectedDrift(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Path results = new HealingBench(dir.resolve("healing"), new PrintStream(bytes, true, StandardCharsets.UTF_8),
                new int[] {3}, 3, "RB-WIN-FIREWALL-001.all-profiles-off").run();

        String printed = bytes.toString(StandardCharsets.UTF_8);
        List<String> lines = printed.lines().toList();
        assertThat(lines.getFirst()).matches("osiris bench healing, .*, \\d+ cores .*, java .*");
        assertThat(printed).containsPattern("catalog: \\d+ Windows runbooks, all enabled .*batched detect script \\d+ bytes"
                + " \\(wrapped\\), \\d+ shell command\\(s\\) per host scan");
        assertThat(lines).anyMatch(l -> l.matches(" +N=3 +wall +\\d+\\.\\d\\d s +\\d+\\.\\d\\d hosts/s +scanned 3/3 +detect per host +"
                + MS + " +WS-Man requests per host [1-9]\\d* \\(min \\d+, max \\d+\\) +CPU agent \\d+\\.\\d s, hosts \\d+\\.\\d s"));
        assertThat(lines).anyMatch(l -> l.matches(" +verdicts: [1-9]\\d* compliant, \\d+ not applicable, 0 drifted, 0 error;.*"));
        assertThat(lines).contains("  healed 3/3 (HEALED: remediated, verified by re-detect, evidenced)");
        assertThat(lines).anyMatch(l -> l.matches(" +detect \\(open shell \\+ batched detect\\) +" + MS));
        assertThat(lines).anyMatch(l -> l.matches(" +heal \\(record \\+ remediate \\+ verify \\+ evidence\\) +" + MS));
        assertThat(lines).anyMatch(l -> l.matches(" +drift -> verified heal \\(scan start -> HEALED result\\) +" + MS));
        assertThat(lines).anyMatch(l -> l.matches(" +WS-Man requests per drift scan \\(detect \\+ heal\\): median [1-9]\\d*"));
        assertThat(lines).anyMatch(l -> l.matches(" +200 hosts fully scanned in < 60 s: not measured \\(largest N 3\\)"));
        assertThat(lines).anyMatch(l -> l.matches(" +drift -> verified heal < 5 s once the scan sees it: p95 \\d+\\.\\d\\d s .*"
                + "healed 3/3: (met|not met)"));
        assertThat(lines).anyMatch(l -> l.matches("agent JVM flags: .*"));
        assertThat(lines).anyMatch(l -> l.matches(" +\\d+ Windows attacks: \\d+ detected, \\d+ healed and verified, \\d+ escalated"
                + " with a reason \\{.*\\}, 0 missed"));
        assertThat(lines).anyMatch(l -> l.matches(" +agent JVM after N=3: RSS \\d+ MiB \\(peak during the scan \\d+ MiB; aim <= 160 MiB:"
                + " (met|not met)\\), heap used \\d+ MiB \\(committed \\d+ MiB, max \\d+ MiB\\)"));
        assertThat(lines).anyMatch(l -> l.startsWith("agent JVM native memory"));
        assertThat(lines).anyMatch(l -> l.matches("agent JVM after the run: heap used \\d+ MB .*RSS \\d+ MB, CPU \\d+\\.\\d s"));
        assertThat(Files.readAllLines(results)).containsAll(lines.subList(0, lines.size() - 1));
        assertThat(results.getFileName()).hasToString("healing-results.txt");
    }
}
