package dev.osiris.lab.windows.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osiris.lab.windows.model.WindowsHost;
import org.junit.jupiter.api.Test;

/** What chaos attacks do to a host, and what runbooks do to heal it, through commands only. */
class ChaosStyleCommandsTest {

    private final WindowsHost dc = WindowsHost.domainController("NVDC01");

    private ShellRun cmd(String line) {
        ShellRun r = ShellRun.cmd(dc, line);
        assertThat(r.stderr()).as(line).isEmpty();
        assertThat(r.exitCode()).as(line).isZero();
        return r;
    }

    @Test
    void rogueLocalAdminComesAndGoes() {
        cmd("net user mallory P@ssw0rd123! /add");
        cmd("net localgroup Administrators mallory /add");
        assertThat(dc.localAccounts().members("Administrators").orElseThrow()).hasSize(3);
        ShellRun heal = ShellRun.ps(dc, "Remove-LocalGroupMember -Group Administrators -Member mallory; "
                + "Remove-LocalUser -Name mallory; (Get-LocalGroupMember Administrators).Count");
        assertThat(heal.stdout()).isEqualTo("2\r\n");
        ShellRun psAdd = ShellRun.ps(dc, "$pw = ConvertTo-SecureString 'x' -AsPlainText -Force; "
                + "New-LocalUser -Name eve -Password $pw | Out-Null; Add-LocalGroupMember -Group Administrators -Member eve");
        assertThat(psAdd.stderr()).isEmpty();
        assertThat(dc.localAccounts().members("Administrators").orElseThrow()).hasSize(3);
    }

    @Test
    void domainAdminsOnTheDomainController() {
        cmd("net group \"Domain Admins\" mallory /add /domain");
        assertThat(dc.domainDirectory().orElseThrow().members("Domain Admins").orElseThrow()).hasSize(2);
        ShellRun ws = ShellRun.cmd(WindowsHost.workstation("NVWS01"), "net group \"Domain Admins\" /domain");
        assertThat(ws.exitCode()).isEqualTo(2);
    }

    @Test
    void persistenceByScheduledTask() {
        cmd("schtasks /create /tn \"\\Updater\" /tr \"powershell -w hidden -c iex evil\" /sc onlogon /ru SYSTEM /f");
        assertThat(dc.scheduledTasks().get("\\", "Updater").orElseThrow().execute()).isEqualTo("powershell");
        assertThat(ShellRun.ps(dc, "(Get-ScheduledTask -TaskName Updater).Actions[0].Arguments").stdout())
                .isEqualTo("-w hidden -c iex evil\r\n");
        cmd("schtasks /delete /tn Updater /f");
        assertThat(dc.scheduledTasks().get("\\", "Updater")).isEmpty();
    }

    @Test
    void clockDriftAndResync() {
        ShellRun drift = ShellRun.ps(dc, "Set-Date -Adjust (New-TimeSpan -Minutes 10) | Out-Null");
        assertThat(drift.stderr()).isEmpty();
        assertThat(dc.time().offsetSeconds()).isBetween(599.9, 600.1);
        assertThat(cmd("w32tm /stripchart /computer:time.windows.com /samples:1 /dataonly").stdout()).contains("-600.0");
        cmd("w32tm /resync /force");
        assertThat(Math.abs(dc.time().offsetSeconds())).isLessThan(1.0);
    }

    @Test
    void bitLockerProtectorsDisabledAndReenabled() {
        cmd("manage-bde -protectors -disable C:");
        assertThat(dc.bitLocker().get("C:").orElseThrow().protectionOn()).isFalse();
        assertThat(cmd("manage-bde -status C:").stdout()).contains("Protection Status:    Protection Off");
        ShellRun heal = ShellRun.ps(dc, "Resume-BitLocker -MountPoint C: | Out-Null; (Get-BitLockerVolume C:).ProtectionStatus.ToString()");
        assertThat(heal.stdout()).isEqualTo("On\r\n");
    }

    @Test
    void securityLogClearedLeavesEvent1102() {
        cmd("wevtutil cl Security");
        ShellRun r = ShellRun.ps(dc, "(Get-WinEvent -LogName Security -MaxEvents 1).Id");
        assertThat(r.stdout()).isEqualTo("1102\r\n");
    }
}
