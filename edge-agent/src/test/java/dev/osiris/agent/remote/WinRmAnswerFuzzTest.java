package dev.osiris.agent.remote;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.osiris.agent.runbook.DetectBatch;
import dev.osiris.protocol.runbook.Baseline;
import dev.osiris.protocol.runbook.Platform;
import dev.osiris.protocol.runbook.Runbook;
import dev.osiris.protocol.runbook.RunbookCatalog;
import dev.osiris.protocol.runbook.Verdict;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a Windows host answers to a detect batch, from the point where winrm4j has turned the SOAP Receive
 * responses into text: the text goes through our {@link CappedOutput} writers in Receive-sized pieces, and
 * {@link DetectBatch} turns the scan document into one verdict per runbook. Whatever the host prints, every
 * runbook gets a verdict and nothing throws (a broken answer is that runbook's ERROR, never the scan's), sealing
 * the verdicts as evidence included.
 */
class WinRmAnswerFuzzTest {

    private static final List<Runbook> RUNBOOKS = RunbookCatalog.builtIn().forPlatform(Platform.WINDOWS);
    private static final int RECEIVE_CHARS = 1_000;

    @FuzzTest
    void anyAnswerGivesEveryRunbookAVerdict(byte[] input) throws IOException {
        HostAnswer answer = HostAnswer.of(input);
        CappedOutput out = new CappedOutput(16 * 1024);
        CappedOutput err = new CappedOutput(4 * 1024);
        receive(new String(answer.stdout(), StandardCharsets.UTF_8), out.asWriter());
        receive(new String(answer.stderr(), StandardCharsets.UTF_8), err.asWriter());
        ScriptResult result = new ScriptResult(answer.exitCode(), out.text(), err.text(), Duration.ZERO,
                out.truncated(), err.truncated());
        Map<String, Verdict> verdicts = DetectBatch.parse(Platform.WINDOWS, RUNBOOKS, Baseline.EMPTY, result);
        assertThat(verdicts.keySet()).containsExactlyElementsOf(RUNBOOKS.stream().map(Runbook::id).toList());
        assertThat(verdicts.values()).doesNotContainNull();
        VerdictEvidence.encode("NVWS01", RUNBOOKS, verdicts);
    }

    private static void receive(String text, Writer writer) throws IOException {
        for (int i = 0; i < text.length(); i += RECEIVE_CHARS) {
            writer.write(text, i, Math.min(RECEIVE_CHARS, text.length() - i));
        }
    }
}
