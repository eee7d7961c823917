package dev.osiris.lab.windows.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osiris.lab.windows.model.WindowsHost;
import org.junit.jupiter.api.Test;

class PowerShellInterpreterTest {

    private final WindowsHost host = WindowsHost.workstation("NVWS01");

    @Test
    void disablingTheDomainFirewallProfileShowsInJson() {
        ShellRun r = ShellRun.ps(host, "Set-NetFirewallProfile -Profile Domain -Enabled False\n"
                + "Get-NetFirewallProfile | Select-Object Name, Enabled | ConvertTo-Json -Compress");
        assertThat(r.stderr()).isEmpty();
        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout().trim()).isEqualTo(
                "[{\"Name\":\"Domain\",\"Enabled\":0},{\"Name\":\"Private\",\"Enabled\":1},{\"Name\":\"Public\",\"Enabled\":1}]");
        assertThat(host.firewall().profile("Domain").orElseThrow().enabled()).isFalse();
    }

    @Test
    void unknownCmdletFailsLoudlyWithExitOne() {
        ShellRun r = ShellRun.ps(host, "Get-Frobnicator -Name x");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("The term 'Get-Frobnicator' is not recognized as the name of a cmdlet");
        assertThat(r.stdout()).isEmpty();
    }

    @Test
    void unknownParameterFailsLoudly() {
        ShellRun r = ShellRun.ps(host, "Get-NetFirewallProfile -Bogus 1");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("A parameter cannot be found that matches parameter name 'Bogus'.");
    }

    @Test
    void expressionsVariablesAndControlFlow() {
        ShellRun r = ShellRun.ps(host, """
                $total = 0
                foreach ($i in 1..4) { if ($i % 2 -eq 0) { $total += $i } else { continue } }
                $h = @{ Name = 'x'; Count = $total }
                "total=$($h.Count) name=$($h['Name'])"
                $list = @('a','bb','ccc') | Where-Object { $_.Length -gt 1 } | ForEach-Object { $_.ToUpper() }
                $list -join ','
                try { throw 'boom' } catch { "caught: $($_.Exception.Message)" }
                if ('abc' -like 'a*' -and 'abc' -match 'B') { 'yes' } else { 'no' }
                '{0:N1}|{1}' -f 3.14159, 'z'
                exit 3
                """);
        assertThat(r.stderr()).isEmpty();
        assertThat(r.stdout()).isEqualTo("total=6 name=x\r\nBB,CCC\r\ncaught: boom\r\nyes\r\n3.1|z\r\n");
        assertThat(r.exitCode()).isEqualTo(3);
    }
}
