package dev.osiris.agent.runbook;

import dev.osiris.agent.remote.ScriptResult;
import dev.osiris.protocol.runbook.Baseline;
import dev.osiris.protocol.runbook.Platform;
import dev.osiris.protocol.runbook.Runbook;
import dev.osiris.protocol.runbook.RunbookParser;
import dev.osiris.protocol.runbook.Verdict;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The Linux batch is run by this machine's real /bin/sh; the Windows batch is checked for isolation per fragment. */
class DetectBatchTest {

    static Runbook linux(String id, String detect) {
        String yaml = """
                id: %s
                version: 1
                title: test
                platform: linux
                severity: low
                heal: detect-only
                standard: false
                controls: {hipaa: ["164.312(b)"], soc2: [], pci-dss-4: [], nist-csf-2: [], cis-v8: []}
                detect: |
                %s
                expect:
                  - path: ok
                    equals: true
                """.formatted(id, detect.indent(2).stripTrailing());
        return RunbookParser.parse(id, yaml.getBytes(StandardCharsets.UTF_8));
    }

    static ScriptResult sh(String body) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", body).start();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new ScriptResult(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8),
                Duration.ZERO, false, false);
    }

    @Test
    void linuxBatchIsolatesEachFragment() throws Exception {
        List<Runbook> runbooks = List.of(
                linux("RB-LNX-A-001", "printf '{\"ok\": true}'"),
                linux("RB-LNX-B-001", "echo '{\"ok\": false, \"note\": \"tab\\there \\\\ \"quote\"'; exit 3"),
                linux("RB-LNX-C-001", "printf '{\"ok\": false,\\n \"multi\": \"line\"}'"),
                linux("RB-LNX-D-001", "exit 7"),
                linux("RB-LNX-E-001", "echo 'not json'"),
                linux("RB-LNX-F-001", "printf '{\"applicable\": false, \"reason\": \"no sshd\"}'"));
        String script = DetectBatch.compose(Platform.LINUX, runbooks, Baseline.EMPTY);
        Map<String, Verdict> v = DetectBatch.parse(Platform.LINUX, runbooks, Baseline.EMPTY, sh(script));
        assertThat(v.get("RB-LNX-A-001").status()).as(v.toString()).isEqualTo(Verdict.Status.COMPLIANT);
        assertThat(v.get("RB-LNX-B-001").status()).isEqualTo(Verdict.Status.ERROR);
        assertThat(v.get("RB-LNX-B-001").summary()).contains("exit 3").contains("tab here");
        assertThat(v.get("RB-LNX-C-001").status()).isEqualTo(Verdict.Status.DRIFTED);
        assertThat(v.get("RB-LNX-C-001").observed().get("multi").asText()).isEqualTo("line");
        assertThat(v.get("RB-LNX-D-001").summary()).isEqualTo("detect failed: detect exited 7 with no output");
        assertThat(v.get("RB-LNX-E-001").summary()).contains("printed no JSON object").contains("not json");
        assertThat(v.get("RB-LNX-F-001").status()).isEqualTo(Verdict.Status.NOT_APPLICABLE);
    }

    @Test
    void aBatchWithoutItsDocumentMakesEveryRunbookAnError() {
        List<Runbook> runbooks = List.of(linux("RB-LNX-A-001", "true"), linux("RB-LNX-B-001", "true"));
        ScriptResult refused = new ScriptResult(1, "", "sudo: a password is required\n", Duration.ZERO, false, false);
        Map<String, Verdict> v = DetectBatch.parse(Platform.LINUX, runbooks, Baseline.EMPTY, refused);
        assertThat(v.values()).allSatisfy(verdict -> {
            assertThat(verdict.status()).isEqualTo(Verdict.Status.ERROR);
            assertThat(verdict.summary()).isEqualTo("detect batch failed (exit 1, no scan document in the output): sudo: a password is required");
        });
    }

    @Test
    void windowsBatchWrapsEveryFragmentInItsOwnTry() {
        Runbook r = RunbookParser.parse("w", """
                id: RB-WIN-X-001
                version: 1
                title: t
                platform: windows
                severity: low
                heal: detect-only
                standard: false
                controls: {hipaa: ["164.312(b)"], soc2: [], pci-dss-4: [], nist-csf-2: [], cis-v8: []}
                detect: "[ordered]@{ ok = $true }"
                expect: [{path: ok, equals: true}]
                """.getBytes(StandardCharsets.UTF_8));
        String script = DetectBatch.compose(Platform.WINDOWS, List.of(r, r), Baseline.EMPTY);
        assertThat(script.split("try \\{ \\$r = & \\{", -1)).hasSize(3);
        ScriptResult out = new ScriptResult(0, "noise\nOSIRIS-SCAN-BEGIN\n{\"RB-WIN-X-001\":{\"ok\":false}}\nOSIRIS-SCAN-END\n", "",
                Duration.ZERO, false, false);
        assertThat(DetectBatch.parse(Platform.WINDOWS, List.of(r), Baseline.EMPTY, out).get("RB-WIN-X-001").status())
                .isEqualTo(Verdict.Status.DRIFTED);
    }
}
