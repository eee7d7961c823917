package dev.osiris.lab.windows.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osiris.lab.windows.model.PolicyKeys;
import dev.osiris.lab.windows.model.WindowsHost;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The commands chaos attacks use to produce drift that only time produces otherwise, and what runbooks read back. */
class DriftCommandsTest {

    private final WindowsHost ws = WindowsHost.workstation("NVWS01");

    private ShellRun ok(WindowsHost host, String script) {
        ShellRun r = ShellRun.ps(host, script);
        assertThat(r.stderr()).as(script).isEmpty();
        return r;
    }

    @Test
    void removingDefinitionsRollsSignaturesBackToThePlatformsAndAnUpdateBringsThemBack() {
        ok(ws, "& \"$env:ProgramFiles\\Windows Defender\\MpCmdRun.exe\" -RemoveDefinitions -All");
        assertThat(ok(ws, "(Get-MpComputerStatus).AntivirusSignatureAge").stdout()).isEqualTo("400\r\n");
        ok(ws, "Update-MpSignature");
        assertThat(ok(ws, "(Get-MpComputerStatus).AntivirusSignatureAge").stdout()).isEqualTo("0\r\n");
    }

    @Test
    void wusaUninstallsAnUpdateAndAsksForAReboot() {
        assertThat(ok(ws, "wusa.exe /uninstall /kb:5048667 /quiet /norestart; $LASTEXITCODE").stdout()).isEqualTo("3010\r\n");
        assertThat(ws.updates().all()).noneMatch(h -> h.hotFixId().equals("KB5048667"));
        assertThat(ok(ws, "wusa /uninstall /kb:5048667 /quiet; $LASTEXITCODE").stdout()).isEqualTo(0x00240006 + "\r\n");
    }

    @Test
    void deletingTheBackupCatalogLeavesNoLastSuccessfulBackup() {
        WindowsHost srv = WindowsHost.serverCore("NVSRV01");
        assertThat(ok(srv, "wbadmin delete catalog -quiet").stdout()).contains("successfully deleted");
        assertThat(srv.backups().lastSuccessfulBackup()).isNull();
        assertThat(ok(srv, "$null -eq (Get-WBSummary).LastSuccessfulBackupTime").stdout()).isEqualTo("True\r\n");
    }

    @Test
    void newSelfSignedCertificateLandsInTheMachineStoreWithItsValidity() {
        ok(ws, "New-SelfSignedCertificate -DnsName 'portal.nvdental.local' -CertStoreLocation 'Cert:\\LocalMachine\\My' "
                + "-NotAfter (Get-Date).AddDays(10) | Out-Null");
        var cert = ws.certificates().all().stream().filter(c -> c.subject().equals("CN=portal.nvdental.local")).findFirst()
                .orElseThrow();
        assertThat(Duration.between(Instant.now(), cert.notAfter())).isBetween(Duration.ofDays(9), Duration.ofDays(10).plusMinutes(1));
        assertThat(ok(ws, "@(Get-ChildItem Cert:\\LocalMachine\\My | Where-Object { $_.NotAfter -lt (Get-Date).AddDays(30) }).Count")
                .stdout()).isEqualTo("1\r\n");
    }

    @Test
    void w32tmVerboseStatusGivesTheSyncAgeInSecondsAndDomhierFollowsTheDomain() {
        String status = ok(ws, "w32tm /query /status /verbose").stdout();
        assertThat(status).containsPattern("Time since Last Good Sync Time: 10[0-9]{2}\\.[0-9]+s");
        ok(ws, "w32tm /config /manualpeerlist:ntp.attacker.invalid /syncfromflags:manual /update");
        assertThat(ws.time().source()).isEqualTo("ntp.attacker.invalid");
        ok(ws, "w32tm /config /syncfromflags:domhier /update");
        assertThat(ws.time().source()).isEqualTo("NVDC01.nvdental.local");
        assertThat(ws.registry().value(PolicyKeys.W32TIME_PARAMETERS, "Type").orElseThrow().data()).isEqualTo("NT5DS");
    }

    @Test
    void builtinGroupsByWellKnownSid() {
        assertThat(ok(ws, "(Get-LocalGroup -SID 'S-1-5-32-544').Name").stdout()).isEqualTo("Administrators\r\n");
        assertThat(ok(ws, "@(Get-LocalGroupMember -SID 'S-1-5-32-544').Count").stdout()).isEqualTo("2\r\n");
    }

    @Test
    void auditpolSetsASubcategoryByGuid() {
        ok(ws, "auditpol /set /subcategory:\"Logon\" /success:disable /failure:disable");
        ok(ws, "auditpol /set \"/subcategory:{0CCE9215-69AE-11D9-BED3-505054503030}\" /success:enable /failure:enable");
        assertThat(ok(ws, "(auditpol /get /category:* /r | ConvertFrom-Csv | Where-Object { $_.'Subcategory GUID' -eq "
                + "'{0CCE9215-69AE-11D9-BED3-505054503030}' }).'Inclusion Setting'").stdout()).isEqualTo("Success and Failure\r\n");
    }

    @Test
    void scConfigTakesStartEqualsAsOneArgumentFromPowerShell() {
        assertThat(ok(ws, "sc.exe config wuauserv start= disabled").stdout()).contains("SUCCESS");
        assertThat(ok(ws, "(Get-Service wuauserv).StartType").stdout()).isEqualTo("Disabled\r\n");
    }

    @Test
    void aNameEqualsValueArgumentReachesANativeCommandUnsplit() {
        ok(ws, "netsh interface ipv6 add dnsservers \"Ethernet\" fd66::53");
        ok(ws, "netsh interface ipv6 set dnsservers name=Ethernet source=static address=none");
        assertThat(ws.dnsClient().byAlias("Ethernet").orElseThrow().ipv6ServerAddresses()).isEmpty();
        ok(ws, "netsh interface ip set dns name=\"Ethernet\" static 203.0.113.53");
        assertThat(ws.dnsClient().byAlias("Ethernet").orElseThrow().serverAddresses()).containsExactly("203.0.113.53");
    }

    @Test
    void statementsAssignTheirOutput() {
        assertThat(ok(ws, "$u = foreach ($k in 1, 2) { $k * 2 }; $u -join ','").stdout()).isEqualTo("2,4\r\n");
    }
}
