package dev.osiris.agent.remote;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class WinRmCommandLinesTest {

    private static String decodeEncodedCommand(String line) {
        String b64 = line.substring(line.lastIndexOf(' ') + 1);
        return new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_16LE);
    }

    @Test
    void shortScriptIsOneEncodedPowerShellCommandWithUtf8Output() {
        List<String> lines = WinRmCommandLines.forScript("Get-Service | Where Status -eq 'Running'");
        assertThat(lines).hasSize(1);
        assertThat(lines.getFirst()).startsWith("powershell -NoProfile -NonInteractive -EncodedCommand ");
        String script = decodeEncodedCommand(lines.getFirst());
        assertThat(script).contains("[Console]::OutputEncoding=[System.Text.Encoding]::UTF8")
                .endsWith("Get-Service | Where Status -eq 'Running'");
    }

    @Test
    void everyLineFitsCmdExeEvenForALongNonAsciiScript() {
        String longScript = "Write-Output 'é✓ 😀'\r\n".repeat(2000);
        List<String> lines = WinRmCommandLines.forScript(longScript);
        assertThat(lines.size()).isGreaterThan(2);
        assertThat(lines).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(WinRmCommandLines.MAX_COMMAND_LINE));
    }

    @Test
    void uploadedChunksReassembleToTheScriptAndTheBootstrapRunsThatFile() {
        String longScript = "Write-Output 'é✓ 😀'\r\n".repeat(2000);
        List<String> lines = WinRmCommandLines.forScript(longScript);
        StringBuilder payload = new StringBuilder();
        String file = null;
        for (String upload : lines.subList(0, lines.size() - 1)) {
            // >>"%TEMP%\osiris-<uuid>.b64" echo <chunk>   (redirection first: no "2>>" ambiguity)
            assertThat(upload).matches(">>\"%TEMP%\\\\osiris-[0-9a-f-]+\\.b64\" echo [A-Za-z0-9+/=]+");
            String name = upload.substring(upload.indexOf("osiris-"), upload.indexOf(".b64") + 4);
            assertThat(file == null || file.equals(name)).isTrue();
            file = name;
            payload.append(upload.substring(upload.indexOf(" echo ") + 6));
        }
        assertThat(new String(Base64.getDecoder().decode(payload.toString()), StandardCharsets.UTF_8)).isEqualTo(longScript);
        String bootstrap = decodeEncodedCommand(lines.getLast());
        assertThat(bootstrap).contains("Join-Path $env:TEMP '" + file + "'").contains("Remove-Item").contains("[ScriptBlock]::Create");
    }

    @Test
    void scriptJustUnderTheLimitStaysInline() {
        // 8191 - prefix(54) = 8137 base64 chars -> 6102 bytes of UTF-16LE -> 3051 chars including the prelude
        String prelude = decodeEncodedCommand(WinRmCommandLines.forScript("").getFirst());
        int room = (WinRmCommandLines.MAX_COMMAND_LINE - "powershell -NoProfile -NonInteractive -EncodedCommand ".length()) / 4 * 3 / 2;
        assertThat(WinRmCommandLines.forScript("x".repeat(room - prelude.length() - 1))).hasSize(1);
        assertThat(WinRmCommandLines.forScript("x".repeat(room - prelude.length() + 10)).size()).isGreaterThan(1);
    }
}
