package dev.osiris.lab.bench.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bench remote} with tiny N prints every figure it promises, as numbers (no timing assertions). */
class RemoteBenchIT {

    private static final String MS = " +median +\\d+\\.\\d\\d ms +p95 +\\d+\\.\\d\\d ms +\\(n=3\\)";

    @Test
    void printsRoundTripsComparisonAndConcurrencyFigures(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Path results = new RemoteBench(dir.resolve("remote"), new PrintStream(bytes, true, StandardCharsets.UTF_8),
                3, 1, new int[] {2}, 1, "/usr/bin/python3", 4, 40).run();

        String printed = bytes.toString(StandardCharsets.UTF_8);
        List<String> lines = printed.lines().toList();
        assertThat(lines.getFirst()).matches("osiris bench remote, .*, \\d+ cores .*");
        assertThat(printed).contains("N=3 timed calls");
        assertThat(lines).filteredOn(l -> l.matches(" +java +new shell per call :" + MS)).hasSize(2);
        assertThat(lines).filteredOn(l -> l.matches(" +java +reused shell +:" + MS)).hasSize(2);
        boolean pywinrm = lines.stream().noneMatch(l -> l.contains("pywinrm: unavailable"));
        if (pywinrm) {
            assertThat(lines).filteredOn(l -> l.matches(" +pywinrm new shell per call :" + MS)).hasSize(2);
            assertThat(lines).filteredOn(l -> l.matches(" +ratio java/pywinrm \\(median\\): new \\d+\\.\\d\\d +reused \\d+\\.\\d\\d"))
                    .hasSize(2);
        }
        assertThat(lines).anyMatch(l -> l.matches(" +java ssh new connection per call :" + MS)
                || l.contains("ssh: unavailable: "));
        assertThat(lines).anyMatch(l -> l.matches(" +K=2 +opened 2/2 in \\d+\\.\\d s; +\\d+\\.\\d scripts/s +latency p50 +\\d+\\.\\d\\d ms"
                + " +p95 +\\d+\\.\\d\\d ms +failures 0 +pool winrmWorkers 8 .*"));
        assertThat(lines).anyMatch(l -> l.matches(" +java +: 40 commands from 4 shells in \\d+\\.\\d s .*: NTLM/HTTP failures 0"));
        if (pywinrm) {
            assertThat(lines).anyMatch(l -> l.matches(" +pywinrm : 40 commands from 4 shells in \\d+\\.\\d s .*: NTLM/HTTP failures 0"));
        }
        assertThat(lines).anyMatch(l -> l.matches(" +NTLM/HTTP failure count \\(aim 0\\): java 0 .*, pywinrm 0; emulator wire log: .*"));
        assertThat(dir.resolve("remote").resolve("emulator-wire.log")).isNotEmptyFile();
        assertThat(Files.readAllLines(results)).containsAll(lines.subList(0, lines.size() - 1));
        assertThat(results.getFileName()).hasToString("remote-results.txt");
    }
}
