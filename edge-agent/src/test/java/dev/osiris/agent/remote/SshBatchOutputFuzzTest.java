package dev.osiris.agent.remote;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.osiris.agent.runbook.DetectBatch;
import dev.osiris.protocol.runbook.Baseline;
import dev.osiris.protocol.runbook.Platform;
import dev.osiris.protocol.runbook.Runbook;
import dev.osiris.protocol.runbook.RunbookCatalog;
import dev.osiris.protocol.runbook.Verdict;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a Linux host's sshd sends back for a detect batch: stdout bytes into {@link CappedOutput}, stderr through
 * the {@link LeadingLine} that splits off the process-group marker, then {@link DetectBatch} on the Linux
 * document ({@code {"<id>": {"rc": n, "out": "<fragment stdout>"}}}). Every runbook gets a verdict and nothing
 * throws, sealing the verdicts as evidence included.
 */
class SshBatchOutputFuzzTest {

    private static final List<Runbook> RUNBOOKS = RunbookCatalog.builtIn().forPlatform(Platform.LINUX);
    private static final int PACKET_BYTES = 512;

    @FuzzTest
    void anyOutputGivesEveryRunbookAVerdict(byte[] input) throws IOException {
        HostAnswer answer = HostAnswer.of(input);
        CappedOutput out = new CappedOutput(16 * 1024);
        CappedOutput err = new CappedOutput(4 * 1024);
        LeadingLine marker = new LeadingLine(err);
        for (int i = 0; i < answer.stdout().length; i += PACKET_BYTES) {
            out.write(answer.stdout(), i, Math.min(PACKET_BYTES, answer.stdout().length - i));
        }
        for (int i = 0; i < answer.stderr().length; i += PACKET_BYTES) {
            marker.write(answer.stderr(), i, Math.min(PACKET_BYTES, answer.stderr().length - i));
        }
        ScriptResult result = new ScriptResult(answer.exitCode(), out.text(), err.text(), Duration.ZERO,
                out.truncated(), err.truncated());
        Map<String, Verdict> verdicts = DetectBatch.parse(Platform.LINUX, RUNBOOKS, Baseline.EMPTY, result);
        assertThat(verdicts.keySet()).containsExactlyElementsOf(RUNBOOKS.stream().map(Runbook::id).toList());
        assertThat(verdicts.values()).doesNotContainNull();
        VerdictEvidence.encode("nvlnx01", RUNBOOKS, verdicts);
    }
}
