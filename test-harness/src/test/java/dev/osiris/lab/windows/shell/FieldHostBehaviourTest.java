package dev.osiris.lab.windows.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osiris.lab.windows.model.LocalAccounts;
import dev.osiris.lab.windows.model.PolicyKeys;
import dev.osiris.lab.windows.model.RegistryValue;
import dev.osiris.lab.windows.model.WindowsHost;
import org.junit.jupiter.api.Test;

/** What ordinary field hosts do that scripts must survive, and where policy wins over local settings. */
class FieldHostBehaviourTest {

    private final WindowsHost host = WindowsHost.workstation("NVWS01");

    @Test
    void getLocalGroupMemberFailsOnAGroupHoldingAnOrphanedSid() {
        host.localAccounts().addMember("Administrators", LocalAccounts.Member.orphanedSid("S-1-5-21-1004336348-1177238915-682003330-1105"));
        ShellRun r = ShellRun.ps(host, "Get-LocalGroupMember -Group Administrators");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stdout()).isEmpty();
        assertThat(r.stderr()).contains("Get-LocalGroupMember : Failed to compare two elements in the array.")
                .contains("InternalError,Microsoft.PowerShell.Commands.GetLocalGroupMemberCommand");
        ShellRun caught = ShellRun.ps(host, "try { Get-LocalGroupMember -SID S-1-5-32-544 -ErrorAction Stop } catch { 'caught' }");
        assertThat(caught.stdout()).isEqualTo("caught\r\n");
    }

    @Test
    void aDefenderPolicyValueWinsOverSetMpPreference() {
        host.registry().createKey(PolicyKeys.DEFENDER_RTP_POLICY, true);
        host.registry().put(PolicyKeys.DEFENDER_RTP_POLICY, RegistryValue.dword("DisableRealtimeMonitoring", 1));
        ShellRun r = ShellRun.ps(host, "Set-MpPreference -DisableRealtimeMonitoring $false;"
                + " (Get-MpComputerStatus).RealTimeProtectionEnabled; (Get-MpPreference).DisableRealtimeMonitoring");
        assertThat(r.stdout()).isEqualTo("False\r\nTrue\r\n");
        assertThat(host.defender().realtimeMonitoringDisabled()).as("the local setting itself").isFalse();
    }

    @Test
    void exclusionPathsAreLocalAndPolicyOnesTogether() {
        host.registry().createKey(PolicyKeys.DEFENDER_PATH_EXCLUSIONS_POLICY, true);
        host.registry().put(PolicyKeys.DEFENDER_PATH_EXCLUSIONS_POLICY, RegistryValue.string("D:\\Shares", "0"));
        ShellRun r = ShellRun.ps(host, "Add-MpPreference -ExclusionPath 'C:\\Temp'; (Get-MpPreference).ExclusionPath");
        assertThat(r.stdout()).isEqualTo("C:\\Temp\r\nD:\\Shares\r\n");
        ShellRun other = ShellRun.ps(host, "Add-MpPreference -ExclusionProcess 'evil.exe'");
        assertThat(other.exitCode()).isEqualTo(1);
        assertThat(other.stderr()).contains("does not model Defender's ExclusionProcess");
    }

    @Test
    void ipv6DnsServersAreKeptApartFromIpv4() {
        ShellRun r = ShellRun.ps(host, "Set-DnsClientServerAddress -InterfaceAlias Ethernet -ServerAddresses 'fd00::53';"
                + " (Get-DnsClientServerAddress -InterfaceAlias Ethernet -AddressFamily IPv6).ServerAddresses");
        assertThat(r.stdout()).isEqualTo("fd00::53\r\n");
        assertThat(host.dnsClient().byAlias("Ethernet").orElseThrow().serverAddresses()).isEqualTo(WindowsHost.SITE_DNS_SERVERS);
        ShellRun netsh = ShellRun.cmd(host, "netsh interface ipv6 set dns name=Ethernet static fd00::1");
        assertThat(netsh.exitCode()).isZero();
        assertThat(host.dnsClient().byAlias("Ethernet").orElseThrow().ipv6ServerAddresses()).containsExactly("fd00::1");
    }

    @Test
    void cmdExpandsAtParseTimeAndRedirectsLeftToRight() {
        assertThat(ShellRun.cmd(host, "net user nobody >nul 2>&1 & echo %ERRORLEVEL%").stdout()).isEqualTo("0\r\n");
        ShellRun merged = ShellRun.cmd(host, "net user nobody 2>&1");
        assertThat(merged.stdout()).startsWith("The user name could not be found.");
        assertThat(merged.stderr()).isEmpty();
        assertThat(merged.exitCode()).isEqualTo(2);
        ShellRun stillErr = ShellRun.cmd(host, "net user nobody 2>&1 >nul");
        assertThat(stillErr.stdout()).startsWith("The user name could not be found.");
        ShellRun toFile = ShellRun.cmd(host, "echo hello >C:\\Windows\\Temp\\x.txt 2>nul");
        assertThat(toFile.stdout()).isEmpty();
        // cmd removes the redirections and keeps the blanks before them: echo writes "hello" and two spaces
        assertThat(host.files().read("C:\\Windows\\Temp\\x.txt")).hasValue("hello  \r\n");
    }

    @Test
    void findstrFiltersPipedOutputAndRefusesWhatItDoesNotModel() {
        ShellRun hit = ShellRun.cmd(host, "net localgroup Administrators | findstr /i administrator");
        assertThat(hit.exitCode()).isZero();
        assertThat(hit.stdout()).contains("Administrator").doesNotContain("The command completed successfully.");
        assertThat(ShellRun.cmd(host, "net localgroup Administrators | find /c \"Administrator\"").stdout()).matches("[1-9]\\d*\r\n");
        ShellRun regex = ShellRun.cmd(host, "net user | findstr \"^Admin.*\"");
        assertThat(regex.exitCode()).isEqualTo(1);
        assertThat(regex.stderr()).isEqualTo("findstr: the Windows host emulator does not model findstr regular expressions"
                + " (give /l for a literal search).\r\n");
    }

    @Test
    void nativesRefuseSwitchesTheyDoNotModelInsteadOfIgnoringThem() {
        for (String line : new String[] {"whoami /groups", "ipconfig /all", "schtasks /query /fo LIST", "sc sdshow WinRM",
                "auditpol /clear", "netsh interface ip set address name=Ethernet static 10.0.0.5"}) {
            ShellRun r = ShellRun.cmd(host, line);
            assertThat(r.exitCode()).as(line).isNotZero();
            assertThat(r.stdout()).as(line).isEmpty();
            assertThat(r.stderr()).as(line).contains("the Windows host emulator does not model");
        }
    }

    @Test
    void schtasksCsvWithoutHeaderNamesTasksByFullPath() {
        ShellRun r = ShellRun.cmd(host, "schtasks /query /fo csv /nh");
        assertThat(r.stdout().lines()).isNotEmpty().allMatch(l -> l.matches("\"\\\\[^\"]+\",\"N/A\",\"(Ready|Disabled)\""));
        assertThat(ShellRun.cmd(host, "schtasks /query /fo csv").stdout()).startsWith("\"TaskName\",\"Next Run Time\",\"Status\"\r\n");
    }
}
