package dev.osiris.lab.windows.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osiris.lab.windows.model.WindowsHost;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** Whole scripts in the style runbooks use: evidence as JSON, exit codes as verdicts. */
class RunbookStyleScriptsTest {

    private final WindowsHost host = WindowsHost.domainController("NVDC01");

    private ShellRun ok(String script) {
        ShellRun r = ShellRun.ps(host, script);
        assertThat(r.stderr()).as(script).isEmpty();
        return r;
    }

    @Test
    void firewallEvidenceKeepsArraysAndEnumNames() {
        JsonObject j = new JsonObject(ok("""
                $ErrorActionPreference = 'Stop'
                $profiles = Get-NetFirewallProfile -Profile Domain | ForEach-Object {
                    [PSCustomObject]@{
                        Name = $_.Name
                        Enabled = [bool]$_.Enabled
                        DefaultInboundAction = $_.DefaultInboundAction.ToString()
                    }
                }
                @{ check = 'firewall'; compliant = -not ($profiles | Where-Object { -not $_.Enabled }); profiles = @($profiles) } |
                    ConvertTo-Json -Depth 4 -Compress
                """).stdout());
        assertThat(j.getBoolean("compliant")).isTrue();
        assertThat(j.getJsonArray("profiles")).hasSize(1);
        assertThat(j.getJsonArray("profiles").getJsonObject(0).getString("DefaultInboundAction")).isEqualTo("Block");
    }

    @Test
    void auditpolCsvThroughConvertFromCsv() {
        ShellRun r = ok("""
                $audit = auditpol /get /category:* /r | ConvertFrom-Csv
                $audit | Where-Object { $_.Subcategory -eq 'Logon' } | Select-Object Subcategory, 'Inclusion Setting' | ConvertTo-Json -Compress
                """);
        assertThat(r.stdout()).isEqualTo("{\"Subcategory\":\"Logon\",\"Inclusion Setting\":\"Success and Failure\"}\r\n");
    }

    @Test
    void verdictByExitCode() {
        host.registry().put("HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa",
                dev.osiris.lab.windows.model.RegistryValue.dword("LmCompatibilityLevel", 3));
        ShellRun r = ShellRun.ps(host, """
                $lm = (Get-ItemProperty -Path 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\Lsa' -Name LmCompatibilityLevel -ErrorAction SilentlyContinue).LmCompatibilityLevel
                if ($null -eq $lm -or $lm -lt 5) { Write-Output "NONCOMPLIANT $lm"; exit 2 } else { Write-Output "OK $lm" }
                """);
        assertThat(r.stdout()).isEqualTo("NONCOMPLIANT 3\r\n");
        assertThat(r.exitCode()).isEqualTo(2);
    }

    @Test
    void emptyPipelinesBecomeEmptyArrays() {
        ShellRun r = ok("""
                $members = Get-LocalGroupMember -Group 'Administrators' | Select-Object -ExpandProperty Name
                $unexpected = $members | Where-Object { $_ -notin @("$env:COMPUTERNAME\\Administrator", 'NVDENTAL\\Domain Admins') }
                @{ unexpected = @($unexpected); count = @($members).Count } | ConvertTo-Json -Compress
                """);
        assertThat(new JsonObject(r.stdout()).getJsonArray("unexpected")).isEmpty();
        assertThat(new JsonObject(r.stdout()).getInteger("count")).isEqualTo(2);
    }

    @Test
    void runKeysThroughPsObjectProperties() {
        ShellRun r = ok("""
                $r = Get-ItemProperty 'HKLM:\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run'
                $r.PSObject.Properties | Where-Object { $_.Name -notlike 'PS*' } | ForEach-Object { $_.Name }
                """);
        assertThat(r.stdout()).isEqualTo("SecurityHealth\r\n");
    }

    @Test
    void timeSourceParsedFromW32tm() {
        ShellRun r = ok("""
                $t = w32tm /query /status
                ($t | Select-String 'Source:').ToString().Split(':',2)[1].Trim()
                """);
        assertThat(r.stdout()).isEqualTo("time.windows.com,0x9\r\n");
    }
}
