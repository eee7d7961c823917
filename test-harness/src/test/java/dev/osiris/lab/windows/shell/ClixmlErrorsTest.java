package dev.osiris.lab.windows.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osiris.lab.windows.model.WindowsHost;
import org.junit.jupiter.api.Test;

class ClixmlErrorsTest {

    @Test
    void powershellStderrCanBeClixmlLikeRealWinRs() {
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        ShellOutput output = new ShellOutput() {
            @Override
            public void stdout(String text) {
                out.append(text);
            }

            @Override
            public void stderr(String text) {
                err.append(text);
            }
        };
        ShellContext ctx = new ShellContext(WindowsHost.workstation("NVWS01"), "NVWS01", "osiris", output, Sleeper.INSTANT);
        int code = new WindowsShell(true).run("powershell -Command \"'ok'; Get-Frobnicator\"", ctx);
        assertThat(code).isEqualTo(1);
        assertThat(out.toString()).isEqualTo("ok\r\n");
        assertThat(err.toString()).startsWith("#< CLIXML\r\n<Objs Version=\"1.1.0.1\" xmlns=\"http://schemas.microsoft.com/powershell/2004/04\">"
                + "<S S=\"Error\">Get-Frobnicator : The term 'Get-Frobnicator' is not recognized")
                .contains("_x000D__x000A_</S>").endsWith("</Objs>");
    }

    @Test
    void errorActionPreferenceStopEndsTheScript() {
        ShellRun r = ShellRun.ps(WindowsHost.workstation("NVWS01"),
                "$ErrorActionPreference = 'Stop'; Get-Service Nope; 'never'");
        assertThat(r.stdout()).isEmpty();
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("Cannot find any service with service name 'Nope'.");
    }
}
