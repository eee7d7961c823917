package dev.osiris.lab.windows.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osiris.lab.windows.model.FileSystem;
import dev.osiris.lab.windows.model.PolicyKeys;
import dev.osiris.lab.windows.model.RegistryValue;
import dev.osiris.lab.windows.model.Services;
import dev.osiris.lab.windows.model.WindowsHost;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** The cmdlets runbooks and chaos attacks use, against the model, without a server. */
class HostCmdletsTest {

    private final WindowsHost host = WindowsHost.workstation("NVWS01");

    private ShellRun ps(String script) {
        ShellRun r = ShellRun.ps(host, script);
        assertThat(r.stderr()).as("stderr of %s", script).isEmpty();
        return r;
    }

    private JsonObject json(String script) {
        return new JsonObject(ps(script).stdout());
    }

    @Test
    void defenderRealtimeMonitoringCanBeDisabledAndSignaturesUpdated() {
        ps("Set-MpPreference -DisableRealtimeMonitoring $true");
        JsonObject status = json("Get-MpComputerStatus | Select-Object RealTimeProtectionEnabled, AntivirusSignatureAge | ConvertTo-Json");
        assertThat(status.getBoolean("RealTimeProtectionEnabled")).isFalse();
        assertThat(status.getInteger("AntivirusSignatureAge")).isZero();
        ps("Set-MpPreference -DisableRealtimeMonitoring $false; Update-MpSignature");
        assertThat(host.defender().realtimeMonitoringDisabled()).isFalse();
    }

    @Test
    void boolParametersRejectStringsLikePowerShell() {
        ShellRun r = ShellRun.ps(host, "Set-MpPreference -DisableRealtimeMonitoring true");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("Boolean parameters accept only Boolean values and numbers");
        assertThat(host.defender().realtimeMonitoringDisabled()).isFalse();
    }

    @Test
    void servicesStopStartAndStartupType() {
        ps("Stop-Service -Name WinDefend -Force; Set-Service -Name Spooler -StartupType Disabled");
        assertThat(host.services().get("WinDefend").orElseThrow().status()).isEqualTo(Services.Status.STOPPED);
        JsonArray svcs = new JsonArray(ps("Get-Service WinDefend,Spooler | Select-Object Name,Status,StartType | ConvertTo-Json -Compress").stdout());
        assertThat(svcs.getJsonObject(0).getInteger("Status")).isEqualTo(1);
        assertThat(svcs.getJsonObject(1).getInteger("StartType")).isEqualTo(4);
        ShellRun start = ShellRun.ps(host, "Start-Service Spooler");
        assertThat(start.exitCode()).isEqualTo(1);
        assertThat(start.stderr()).contains("cannot be started");
        ShellRun missing = ShellRun.ps(host, "Get-Service NoSuchSvc");
        assertThat(missing.stderr()).contains("Cannot find any service with service name 'NoSuchSvc'.");
        ShellRun silenced = ShellRun.ps(host, "Get-Service NoSuchSvc -ErrorAction SilentlyContinue");
        assertThat(silenced.stderr()).isEmpty();
        // a silenced error still makes $? false, so the script's last statement failed: exit 1, as on Windows
        assertThat(silenced.exitCode()).isEqualTo(1);
    }

    @Test
    void smbNeedsForceAndLandsInTheRegistry() {
        ShellRun noForce = ShellRun.ps(host, "Set-SmbServerConfiguration -EnableSMB1Protocol $true");
        assertThat(noForce.exitCode()).isEqualTo(1);
        assertThat(noForce.stderr()).contains("NonInteractive mode");
        ps("Set-SmbServerConfiguration -EnableSMB1Protocol $true -RequireSecuritySignature $false -Force");
        assertThat(host.smb().smb1Enabled()).isTrue();
        ShellRun reg = ps("reg query \"HKLM\\SYSTEM\\CurrentControlSet\\Services\\LanmanServer\\Parameters\" /v SMB1");
        assertThat(reg.stdout()).contains("SMB1    REG_DWORD    0x1");
        assertThat(json("Get-SmbServerConfiguration | Select EnableSMB1Protocol,RequireSecuritySignature | ConvertTo-Json")
                .getBoolean("RequireSecuritySignature")).isFalse();
    }

    @Test
    void dnsServersHostsFileAndRunKeys() {
        ps("Set-DnsClientServerAddress -InterfaceAlias Ethernet -ServerAddresses ('8.8.8.8','1.1.1.1')");
        assertThat(host.dnsClient().byAlias("Ethernet").orElseThrow().serverAddresses()).containsExactly("8.8.8.8", "1.1.1.1");
        assertThat(ps("(Get-DnsClientServerAddress -InterfaceAlias Ethernet -AddressFamily IPv4).ServerAddresses -join ','")
                .stdout()).isEqualTo("8.8.8.8,1.1.1.1\r\n");
        ps("Add-Content -Path \"$env:SystemRoot\\System32\\drivers\\etc\\hosts\" -Value '10.6.6.6 update.microsoft.com'");
        assertThat(host.files().read(FileSystem.HOSTS).orElseThrow()).endsWith("10.6.6.6 update.microsoft.com\r\n");
        assertThat(ps("Get-Content C:\\Windows\\System32\\drivers\\etc\\hosts | Where-Object { $_ -notmatch '^\\s*#' -and $_.Trim() }")
                .stdout()).isEqualTo("10.6.6.6 update.microsoft.com\r\n");
        ps("New-ItemProperty -Path 'HKLM:\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run' -Name Evil -Value 'C:\\evil.exe' -PropertyType String -Force | Out-Null");
        assertThat(host.registry().value(PolicyKeys.RUN, "Evil")).isPresent();
        JsonObject run = json("Get-ItemProperty 'HKLM:\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run' | ConvertTo-Json");
        assertThat(run.getString("Evil")).isEqualTo("C:\\evil.exe");
        ps("Remove-ItemProperty -Path HKLM:\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run -Name Evil");
        assertThat(host.registry().value(PolicyKeys.RUN, "Evil")).isEmpty();
    }

    @Test
    void registryPolicyValuesReadAndWrite() {
        ps("Set-ItemProperty -Path HKLM:\\SYSTEM\\CurrentControlSet\\Control\\Lsa -Name LmCompatibilityLevel -Value 1 -Type DWord");
        assertThat(host.registry().value(PolicyKeys.LSA, "LmCompatibilityLevel").map(RegistryValue::asLong)).contains(1L);
        assertThat(ps("(Get-ItemProperty -Path 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\Lsa' -Name LmCompatibilityLevel).LmCompatibilityLevel")
                .stdout()).isEqualTo("1\r\n");
        ShellRun missing = ShellRun.ps(host, "Get-ItemProperty -Path HKLM:\\SOFTWARE\\Nope");
        assertThat(missing.stderr()).contains("Cannot find path 'HKLM:\\SOFTWARE\\Nope' because it does not exist.");
        assertThat(ps("Test-Path HKLM:\\SOFTWARE\\Policies\\Microsoft\\Windows\\PowerShell\\ScriptBlockLogging").stdout())
                .isEqualTo("True\r\n");
        ps("New-Item -Path HKLM:\\SOFTWARE\\Policies\\Test\\Deep -Force | Out-Null");
        assertThat(host.registry().keyExists("HKLM\\SOFTWARE\\Policies\\Test\\Deep")).isTrue();
        ShellRun add = ShellRun.cmd(host, "reg add \"HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\DNSClient\" /v EnableMulticast /t REG_DWORD /d 1 /f");
        assertThat(add.stdout()).isEqualTo("The operation completed successfully.\r\n");
        assertThat(host.registry().value(PolicyKeys.DNS_CLIENT_POLICY, "EnableMulticast").map(RegistryValue::asLong)).contains(1L);
    }

    @Test
    void auditpolCsvAndSet() {
        ShellRun csv = ShellRun.cmd(host, "auditpol /get /category:* /r");
        assertThat(csv.stdout()).startsWith("Machine Name,Policy Target,Subcategory,Subcategory GUID,Inclusion Setting");
        assertThat(csv.stdout()).contains("NVWS01,System,Logon,{0CCE9215-69AE-11D9-BED3-505054503030},Success and Failure,,3");
        ShellRun set = ShellRun.ps(host, "auditpol /set /subcategory:\"Logon\" /success:enable /failure:disable; $LASTEXITCODE");
        assertThat(set.stdout()).isEqualTo("The command was successfully executed.\r\n0\r\n");
        assertThat(host.auditPolicy().get("Logon").orElseThrow().failure()).isFalse();
        ShellRun bad = ShellRun.cmd(host, "auditpol /set /subcategory:\"Nonsense\" /success:enable");
        assertThat(bad.exitCode()).isEqualTo(87);
    }

    @Test
    void netAccountsW32tmNetshAndGuest() {
        assertThat(ShellRun.cmd(host, "net accounts").stdout()).contains("Minimum password length:                              14");
        ShellRun set = ShellRun.cmd(host, "net accounts /minpwlen:8 /lockoutthreshold:0");
        assertThat(set.exitCode()).isZero();
        assertThat(host.accountPolicy().password().minLength()).isEqualTo(8);
        ShellRun guest = ShellRun.cmd(host, "net user guest /active:yes");
        assertThat(guest.exitCode()).isZero();
        assertThat(host.localAccounts().user("Guest").orElseThrow().enabled()).isTrue();
        assertThat(ShellRun.cmd(host, "w32tm /query /status").stdout()).contains("Source: NVDC01.nvdental.local");
        ShellRun off = ShellRun.cmd(host, "netsh advfirewall set allprofiles state off");
        assertThat(off.stdout()).isEqualTo("Ok.\r\n\r\n");
        assertThat(host.firewall().allEnabled()).isFalse();
        assertThat(ShellRun.cmd(host, "netsh advfirewall show allprofiles state").stdout()).contains("State                                 OFF");
    }

    @Test
    void accountsTasksAndEventLogSettings() {
        JsonArray admins = new JsonArray(ps("Get-LocalGroupMember -Group Administrators | Select-Object -ExpandProperty Name | ConvertTo-Json").stdout());
        assertThat(admins).containsExactly("NVWS01\\Administrator", "NVDENTAL\\Domain Admins");
        ps("Add-LocalGroupMember -Group Administrators -Member 'NVDENTAL\\mallory'");
        assertThat(host.localAccounts().members("Administrators").orElseThrow()).hasSize(3);
        ps("$a = New-ScheduledTaskAction -Execute 'powershell.exe' -Argument '-c evil'; "
                + "Register-ScheduledTask -TaskName Updater -Action $a -Force | Out-Null");
        assertThat(host.scheduledTasks().get("\\", "Updater")).isPresent();
        ps("Unregister-ScheduledTask -TaskName Updater -Confirm:$false");
        assertThat(host.scheduledTasks().get("\\", "Updater")).isEmpty();
        ps("Limit-EventLog -LogName Security -MaximumSize 20MB");
        assertThat(host.eventLogs().get("Security").orElseThrow().maxSizeBytes()).isEqualTo(20L * 1024 * 1024);
        assertThat(ShellRun.cmd(host, "wevtutil sl Security /ms:201326592").exitCode()).isZero();
        assertThat(host.eventLogs().get("Security").orElseThrow().maxSizeBytes()).isEqualTo(201_326_592L);
        assertThat(ShellRun.cmd(host, "reg query HKLM\\SYSTEM\\CurrentControlSet\\Services\\EventLog\\Security /v MaxSize")
                .stdout()).contains("MaxSize    REG_DWORD    0xc000000");
    }

    @Test
    void systemFactsForEvidence() {
        JsonObject bl = json("Get-BitLockerVolume -MountPoint C: | Select-Object MountPoint,ProtectionStatus | ConvertTo-Json");
        assertThat(bl.getInteger("ProtectionStatus")).isEqualTo(1);
        String newest = ps("(Get-HotFix | Sort-Object InstalledOn -Descending | Select-Object -First 1).HotFixID").stdout();
        assertThat(newest).isEqualTo("KB5048667\r\n");
        String free = ps("$d = Get-CimInstance Win32_LogicalDisk -Filter \"DeviceID='C:'\"; [math]::Round($d.FreeSpace / $d.Size * 100)").stdout();
        assertThat(free).isEqualTo("45\r\n");
        String certs = ps("@(Get-ChildItem Cert:\\LocalMachine\\My | Where-Object { $_.NotAfter -lt (Get-Date).AddDays(30) }).Count").stdout();
        assertThat(certs).isEqualTo("0\r\n");
        // the WindowsServerBackup module is a Windows Server feature
        ShellRun backup = ShellRun.ps(WindowsHost.serverCore("NVSRV01"),
                "((Get-Date) - (Get-WBSummary).LastSuccessfulBackupTime).TotalHours -lt 24");
        assertThat(backup.stdout()).isEqualTo("True\r\n");
        assertThat(ShellRun.ps(host, "Get-WBSummary").stderr()).contains("is not recognized");
    }

    @Test
    void seceditExportsAndConfiguresPasswordComplexity() {
        ShellRun r = ps("secedit /export /cfg C:\\Windows\\Temp\\sec.inf | Out-Null; "
                + "(Get-Content C:\\Windows\\Temp\\sec.inf | Select-String 'PasswordComplexity') -replace '.*= ',''");
        assertThat(r.stdout()).isEqualTo("1\r\n");
        ps("Set-Content C:\\Windows\\Temp\\weak.inf -Value '[System Access]','PasswordComplexity = 0','MinimumPasswordLength = 6'; "
                + "secedit /configure /db C:\\Windows\\Temp\\x.sdb /cfg C:\\Windows\\Temp\\weak.inf | Out-Null");
        assertThat(host.accountPolicy().password().complexity()).isFalse();
        assertThat(host.accountPolicy().password().minLength()).isEqualTo(6);
    }

    @Test
    void smb1OptionalFeatureFollowsTheServerSwitch() {
        assertThat(ps("(Get-WindowsOptionalFeature -Online -FeatureName SMB1Protocol).State.ToString()").stdout())
                .isEqualTo("Disabled\r\n");
        ps("Enable-WindowsOptionalFeature -Online -FeatureName SMB1Protocol -NoRestart | Out-Null");
        assertThat(host.smb().smb1Enabled()).isTrue();
        ShellRun other = ShellRun.ps(host, "Get-WindowsOptionalFeature -Online -FeatureName TelnetClient");
        assertThat(other.exitCode()).isEqualTo(1);
        assertThat(other.stderr()).contains("models the optional feature SMB1Protocol");
    }

    @Test
    void domainControllerHasAdCmdletsWorkstationDoesNot() {
        WindowsHost dc = WindowsHost.domainController("NVDC01");
        ShellRun r = ShellRun.ps(dc, "Remove-ADGroupMember -Identity 'Domain Admins' -Members Administrator -Confirm:$false; "
                + "@(Get-ADGroupMember -Identity 'Domain Admins').Count");
        assertThat(r.stderr()).isEmpty();
        assertThat(r.stdout()).isEqualTo("0\r\n");
        ShellRun ws = ShellRun.ps(host, "Get-ADGroupMember -Identity 'Domain Admins'");
        assertThat(ws.stderr()).contains("The term 'Get-ADGroupMember' is not recognized");
    }
}
