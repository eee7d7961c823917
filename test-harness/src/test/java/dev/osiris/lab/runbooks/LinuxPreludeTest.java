package dev.osiris.lab.runbooks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.osiris.protocol.json.Json;
import dev.osiris.protocol.runbook.Platform;
import dev.osiris.protocol.runbook.RunbookCatalog;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The Linux prelude's JSON helpers under the machine's own /bin/sh (dash on Debian): no root, no lab host. */
class LinuxPreludeTest {

    private static JsonNode json(String body) throws IOException, InterruptedException {
        Process sh = new ProcessBuilder("/bin/sh", "-s").redirectErrorStream(true).start();
        sh.getOutputStream().write((RunbookCatalog.builtIn().prelude(Platform.LINUX) + "\n" + body + "\n").getBytes(StandardCharsets.UTF_8));
        sh.getOutputStream().close();
        String out = new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(sh.waitFor(20, TimeUnit.SECONDS)).isTrue();
        return Json.MAPPER.readTree(out);
    }

    @Test
    void stringsWithQuotesBackslashesTabsAndLineBreaksStayOneJsonString() throws Exception {
        JsonNode s = json("j_str \"$(printf 'a \"q\" \\\\ b\\tc\\nd\\001e')\"");
        assertThat(s.textValue()).isEqualTo("a \"q\" \\ b\tc\nde");
    }

    @Test
    void linesBecomeAnArrayWithoutEmptyOnes() throws Exception {
        JsonNode a = json("printf 'root\\n\\nsys\"backup\\n' | j_lines");
        assertThat(a.isArray()).isTrue();
        assertThat(a).hasSize(2);
        assertThat(a.get(1).textValue()).isEqualTo("sys\"backup");
        assertThat(json("printf '' | j_lines")).isEmpty();
    }

    @Test
    void numbersAreNumbersAndAnythingElseIsNull() throws Exception {
        assertThat(json("printf '[%s,%s,%s,%s]' \"$(j_num 42)\" \"$(j_num -1)\" \"$(j_num '')\" \"$(j_num 1-2)\"").toString())
                .isEqualTo("[42,-1,null,null]");
    }

    @Test
    void notApplicableAndErrorCarryTheReason() throws Exception {
        assertThat(json("j_na 'auditd \"missing\"'").toString()).isEqualTo("{\"applicable\":false,\"reason\":\"auditd \\\"missing\\\"\"}");
        assertThat(json("j_err boom").path("_error").textValue()).isEqualTo("boom");
    }

    @Test
    void initSystemIsOneOfTheKnownKinds() throws Exception {
        assertThat(json("j_str \"$(osiris_init)\"").textValue()).isIn("systemd", "openrc", "sysv", "none");
    }

    @Test
    void systemCrontabJobsAreEverythingButSettingsCommentsAndTheDistributionsRunParts() throws Exception {
        JsonNode jobs = json("printf '%s\\n' 'SHELL=/bin/sh' '# m h dom mon dow user command' ''"
                + " '17 *\t* * *\troot    cd / && run-parts --report /etc/cron.hourly'"
                + " '25 6 * * * root test -x /usr/sbin/anacron || { cd / && run-parts --report /etc/cron.daily; }'"
                + " '1\t5\tcron.daily\trun-parts --report /etc/cron.daily'"
                + " '*/15 *\t* * *\troot\t/tmp/.x/run  ' | persist_jobs | j_lines");
        assertThat(jobs).singleElement().satisfies(j -> assertThat(j.textValue()).isEqualTo("*/15 * * * * root /tmp/.x/run"));
    }

    @Test
    void aFileWithoutAttributesIsEnforcedByNothing() throws Exception {
        assertThat(json("f=$(mktemp); j_immutable \"$f\" /nonexistent/file; rm -f \"$f\"")).isEmpty();
    }
}
