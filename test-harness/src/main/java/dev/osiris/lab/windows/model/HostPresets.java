package dev.osiris.lab.windows.model;

import java.util.Locale;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Builds the compliant lab presets (NVDC01, NVWS01, NVSRV01 and the like). */
final class HostPresets {

    private static final String DEFAULT_HOSTS = """
            # Copyright (c) 1993-2009 Microsoft Corp.
            #
            # This is a sample HOSTS file used by Microsoft TCP/IP for Windows.
            #
            # localhost name resolution is handled within DNS itself.
            #	127.0.0.1       localhost
            #	::1             localhost
            """.replace("\n", "\r\n");

    private HostPresets() {
    }

    /**
     * A few of the inbound rules Windows ships (IDs and ports as Windows names them); none allows any port from any
     * address. The other built-in rules (hundreds) are not modelled.
     */
    private static void firewallRules(WindowsHost h) {
        FirewallRules rules = h.firewallRules();
        rules.putLocal(new FirewallRules.Rule("WINRM-HTTP-In-TCP", "Windows Remote Management (HTTP-In)",
                "@FirewallAPI.dll,-35001", null, true, true, true, 6, List.of("Domain", "Private"), List.of("5985"),
                List.of(), "System", FirewallRules.Source.LOCAL));
        rules.putLocal(new FirewallRules.Rule("WINRM-HTTP-In-TCP-PUBLIC", "Windows Remote Management (HTTP-In)",
                "@FirewallAPI.dll,-35001", null, true, true, true, 6, List.of("Public"), List.of("5985"),
                List.of("LocalSubnet"), "System", FirewallRules.Source.LOCAL));
        rules.putLocal(new FirewallRules.Rule("RemoteDesktop-UserMode-In-TCP", "Remote Desktop - User Mode (TCP-In)",
                "@FirewallAPI.dll,-28752", null, true, true, false, 6, List.of(), List.of("3389"), List.of(),
                "%SystemRoot%\\system32\\svchost.exe", FirewallRules.Source.LOCAL));
    }

    static WindowsHost build(String name, HostRole role, DisplayLanguage language, Clock clock) {
        if (language.german() && role == HostRole.DOMAIN_CONTROLLER) {
            // dcpromo on a German server names the domain's groups in German (Domänen-Admins, ...): not modelled
            throw new IllegalArgumentException(name + ": a de-DE domain controller is not modelled (workstations and"
                    + " member servers are; they join the lab's en-US domain)");
        }
        WindowsHost h = new WindowsHost(name, role, language, clock,
                List.of(WindowsHost.LOCAL_ACCOUNT, WindowsHost.DOMAIN_ACCOUNT));
        Instant now = clock.instant();
        registry(h);
        services(h);
        h.defender().setSignatureLastUpdated(now.minus(Duration.ofHours(3)));
        audit(h);
        h.dnsClient().add(new DnsClient.Interface("Ethernet", 12, WindowsHost.SITE_DNS_SERVERS));
        h.files().write(FileSystem.HOSTS, DEFAULT_HOSTS);
        // the Startup folders (T1547.001): all users', and each lab account's own (empty but for a hidden
        // desktop.ini on Windows, which Get-ChildItem without -Force does not list and the emulator does not model)
        h.files().createDirectory(PolicyKeys.ALL_USERS_STARTUP);
        for (String user : List.of("Administrator", WindowsHost.LOCAL_ACCOUNT.user(), WindowsHost.DOMAIN_ACCOUNT.user())) {
            h.files().createDirectory("C:\\Users\\" + user + "\\AppData\\Roaming\\" + PolicyKeys.USER_STARTUP);
        }
        // the 16-bit compatibility files every Windows installation has, as scripts probe for them
        h.files().write("C:\\Windows\\win.ini", "; for 16-bit app support\r\n[fonts]\r\n[extensions]\r\n"
                + "[mci extensions]\r\n[files]\r\n[Mail]\r\nMAPI=1\r\n");
        h.files().write("C:\\Windows\\system.ini", "; for 16-bit app support\r\n[386Enh]\r\nwoafont=dosapp.fon\r\n"
                + "EGA80WOA.FON=EGA80WOA.FON\r\nEGA40WOA.FON=EGA40WOA.FON\r\nCGA80WOA.FON=CGA80WOA.FON\r\n"
                + "CGA40WOA.FON=CGA40WOA.FON\r\n\r\n[drivers]\r\nwave=mmdrv.dll\r\ntimer=timer.drv\r\n\r\n[mci]\r\n");
        h.scheduledTasks().put(new ScheduledTasks.Task("ScheduledDefrag", "\\Microsoft\\Windows\\Defrag\\",
                "%windir%\\system32\\defrag.exe", "-c -h -o -$", true, "Microsoft Corporation"));
        h.scheduledTasks().put(new ScheduledTasks.Task("Scheduled Start", "\\Microsoft\\Windows\\WindowsUpdate\\",
                "C:\\Windows\\system32\\sc.exe", "start wuauserv", true, "Microsoft Corporation"));
        accounts(h, now);
        firewallRules(h);
        h.bitLocker().put(new BitLocker.Volume("C:", true, true, "XtsAes256"));
        h.updates().add(new UpdateHistory.HotFix("KB5044281", "Security Update", now.minus(Duration.ofDays(40)), "NT AUTHORITY\\SYSTEM"));
        h.updates().add(new UpdateHistory.HotFix("KB5046617", "Security Update", now.minus(Duration.ofDays(12)), "NT AUTHORITY\\SYSTEM"));
        h.updates().add(new UpdateHistory.HotFix("KB5048667", "Update", now.minus(Duration.ofDays(5)), "NT AUTHORITY\\SYSTEM"));
        String source = role == HostRole.DOMAIN_CONTROLLER ? "time.windows.com,0x9" : "NVDC01." + WindowsHost.DNS_DOMAIN;
        h.time().setSource(source);
        h.time().resync(now.minus(Duration.ofMinutes(17)));
        h.registry().put(PolicyKeys.W32TIME_PARAMETERS, RegistryValue.string("Type",
                role == HostRole.DOMAIN_CONTROLLER ? "NTP" : "NT5DS"));
        h.registry().put(PolicyKeys.W32TIME_PARAMETERS, RegistryValue.string("NtpServer", source));
        h.eventLogs().put(new EventLogs.Settings("Security", 201_326_592L, "OverwriteAsNeeded"));
        h.eventLogs().put(new EventLogs.Settings("System", 20_971_520L, "OverwriteAsNeeded"));
        h.eventLogs().put(new EventLogs.Settings("Application", 20_971_520L, "OverwriteAsNeeded"));
        h.eventLogs().record(new EventLogs.Event("Security", 4624, now.minus(Duration.ofMinutes(30)), "Information",
                "Microsoft-Windows-Security-Auditing", "An account was successfully logged on."));
        h.eventLogs().record(new EventLogs.Event("Security", 4672, now.minus(Duration.ofMinutes(30)), "Information",
                "Microsoft-Windows-Security-Auditing", "Special privileges assigned to new logon."));
        h.eventLogs().record(new EventLogs.Event("System", 7036, now.minus(Duration.ofHours(2)), "Information",
                "Service Control Manager", "The Windows Update service entered the running state."));
        String fqdn = name.toLowerCase(Locale.ROOT) + "." + WindowsHost.DNS_DOMAIN;
        h.certificates().add(new CertificateStore.Certificate("CN=" + fqdn, "CN=NVDENTAL-CA, DC=nvdental, DC=local",
                thumbprint(name), now.minus(Duration.ofDays(100)), now.plus(Duration.ofDays(265)), "Machine"));
        h.backups().setLastSuccessfulBackup(now.minus(Duration.ofHours(6)));
        long size = 255L * 1024 * 1024 * 1024;
        h.volumes().put(new Volumes.Volume('C', "OS", "NTFS", size, size * 45 / 100));
        return h;
    }

    private static void registry(WindowsHost h) {
        Registry r = h.registry();
        r.put(PolicyKeys.LSA, RegistryValue.dword("LmCompatibilityLevel", 5));
        r.put(PolicyKeys.LSA, RegistryValue.dword("RestrictAnonymous", 1));
        r.put(PolicyKeys.DNS_CLIENT_POLICY, RegistryValue.dword("EnableMulticast", 0));
        r.put(PolicyKeys.RDP_TCP, RegistryValue.dword("UserAuthentication", 1));
        r.put(PolicyKeys.RDP_TCP, RegistryValue.dword("PortNumber", 3389));
        r.put(PolicyKeys.TERMINAL_SERVER, RegistryValue.dword("fDenyTSConnections", 0));
        r.put(PolicyKeys.SYSTEM_POLICIES, RegistryValue.dword("InactivityTimeoutSecs", 900));
        r.put(PolicyKeys.SYSTEM_POLICIES, RegistryValue.dword("EnableLUA", 1));
        r.put(PolicyKeys.DESKTOP, RegistryValue.string("ScreenSaveTimeOut", "900"));
        r.put(PolicyKeys.DESKTOP, RegistryValue.string("ScreenSaveActive", "1"));
        r.put(PolicyKeys.DESKTOP, RegistryValue.string("ScreenSaverIsSecure", "1"));
        r.put(PolicyKeys.SCRIPT_BLOCK_LOGGING, RegistryValue.dword("EnableScriptBlockLogging", 1));
        r.put(PolicyKeys.RUN, new RegistryValue("SecurityHealth", RegistryValueKind.EXPAND_STRING,
                "%windir%\\system32\\SecurityHealthSystray.exe"));
        r.createKey(PolicyKeys.RUN_ONCE, true);
        r.createKey(PolicyKeys.USER_RUN, true);
        r.createKey(PolicyKeys.USER_RUN + "Once", true);
        // HKEY_USERS as Windows has it loaded: the service accounts' hives, the default user's, and the hive (and
        // classes) of the front-desk user logged on at the console
        for (String hive : List.of(".DEFAULT", "S-1-5-19", "S-1-5-20", "S-1-5-18", PolicyKeys.FRONT_DESK_SID,
                PolicyKeys.FRONT_DESK_SID + "_Classes")) {
            r.createKey("HKU\\" + hive, true);
        }
        r.createKey(PolicyKeys.FRONT_DESK_RUN, true);
        r.createKey(PolicyKeys.FRONT_DESK_RUN + "Once", true);
        r.createKey(PolicyKeys.WOW64_RUN, true);
        r.createKey(PolicyKeys.WOW64_RUN + "Once", true);
        r.put(PolicyKeys.WINLOGON, RegistryValue.string("Shell", "explorer.exe"));
        r.put(PolicyKeys.WINLOGON, RegistryValue.string("Userinit", "C:\\Windows\\system32\\userinit.exe,"));
        r.put(SmbServer.PARAMETERS, RegistryValue.dword("SMB1", 0));
        r.put(SmbServer.PARAMETERS, RegistryValue.dword("RequireSecuritySignature", 1));
        r.put(SmbServer.PARAMETERS, RegistryValue.dword("EnableSecuritySignature", 1));
        r.put("HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion", RegistryValue.string("ProductName",
                h.role().productName()));
        r.put("HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion", RegistryValue.string("CurrentBuild",
                Integer.toString(h.role().build())));
    }

    private static void services(WindowsHost h) {
        Services s = h.services();
        add(s, "WinDefend", "Microsoft Defender Antivirus Service", Services.StartMode.AUTOMATIC);
        add(s, "wuauserv", "Windows Update", Services.StartMode.MANUAL);
        add(s, "W32Time", "Windows Time", Services.StartMode.AUTOMATIC);
        add(s, "EventLog", "Windows Event Log", Services.StartMode.AUTOMATIC);
        add(s, "MpsSvc", "Windows Defender Firewall", Services.StartMode.AUTOMATIC);
        add(s, "Dnscache", "DNS Client", Services.StartMode.AUTOMATIC);
        add(s, "LanmanServer", "Server", Services.StartMode.AUTOMATIC);
        add(s, "WinRM", "Windows Remote Management (WS-Management)", Services.StartMode.AUTOMATIC);
        add(s, "Schedule", "Task Scheduler", Services.StartMode.AUTOMATIC);
        add(s, "TermService", "Remote Desktop Services", Services.StartMode.MANUAL);
        s.add(new Services.Service("Spooler", "Print Spooler", h.role() == HostRole.WORKSTATION
                ? Services.Status.RUNNING : Services.Status.STOPPED,
                h.role() == HostRole.WORKSTATION ? Services.StartMode.AUTOMATIC : Services.StartMode.DISABLED));
        s.add(new Services.Service("RemoteRegistry", "Remote Registry", Services.Status.STOPPED, Services.StartMode.DISABLED));
        if (h.role() == HostRole.DOMAIN_CONTROLLER) {
            add(s, "NTDS", "Active Directory Domain Services", Services.StartMode.AUTOMATIC);
            add(s, "DNS", "DNS Server", Services.StartMode.AUTOMATIC);
            add(s, "Netlogon", "Netlogon", Services.StartMode.AUTOMATIC);
        }
    }

    private static void add(Services s, String name, String display, Services.StartMode mode) {
        s.add(new Services.Service(name, display, Services.Status.RUNNING, mode));
    }

    private static void audit(WindowsHost h) {
        for (String sub : List.of("Logon", "Account Lockout", "Special Logon", "Other Logon/Logoff Events",
                "User Account Management", "Security Group Management", "Computer Account Management",
                "Audit Policy Change", "Authentication Policy Change", "Sensitive Privilege Use",
                "Credential Validation", "Security State Change", "Security System Extension", "System Integrity",
                "Process Creation", "Kerberos Authentication Service", "Kerberos Service Ticket Operations")) {
            h.auditPolicy().set(sub, true, true);
        }
        h.auditPolicy().set("Logoff", true, false);
    }

    private static void accounts(WindowsHost h, Instant now) {
        LocalAccounts a = h.localAccounts();
        DisplayLanguage l = h.language();
        boolean de = l.german();
        // Windows names the built-in Guest and the built-in groups in the display language; Administrator and
        // DefaultAccount keep their names in German
        a.addUser(new LocalAccounts.User("Administrator", true, de
                ? "Vordefiniertes Konto für die Verwaltung des Computers bzw. der Domäne"
                : "Built-in account for administering the computer/domain",
                now.minus(Duration.ofDays(60)), "S-1-5-21-1004336348-1177238915-682003330-500"));
        a.addUser(new LocalAccounts.User("DefaultAccount", false, de ? "Ein vom System verwaltetes Benutzerkonto."
                : "A user account managed by the system.", null, "S-1-5-21-1004336348-1177238915-682003330-503"));
        a.addUser(new LocalAccounts.User(de ? "Gast" : "Guest", false, de
                ? "Vordefiniertes Konto für Gastzugriff auf den Computer bzw. die Domäne"
                : "Built-in account for guest access to the computer/domain",
                null, "S-1-5-21-1004336348-1177238915-682003330-501"));
        a.addUser(new LocalAccounts.User(de ? "empfang" : "frontdesk", true, "", now.minus(Duration.ofDays(30)),
                PolicyKeys.FRONT_DESK_SID));
        a.addUser(new LocalAccounts.User("osiris", true, "Osiris compliance agent",
                now.minus(Duration.ofDays(20)), "S-1-5-21-1004336348-1177238915-682003330-1001"));
        // the lab's domain (NVDENTAL) is en-US: its groups keep their English names on a German member
        a.addGroup(l.localGroup("Administrators"), List.of(
                new LocalAccounts.Member(h.name() + "\\Administrator", "User", "Local"),
                new LocalAccounts.Member(WindowsHost.DOMAIN + "\\Domain Admins", "Group", "ActiveDirectory")));
        a.addGroup(l.localGroup("Remote Desktop Users"), List.of());
        a.addGroup(l.localGroup("Remote Management Users"), List.of(
                new LocalAccounts.Member(h.name() + "\\osiris", "User", "Local"),
                new LocalAccounts.Member(WindowsHost.DOMAIN + "\\osiris-svc", "User", "ActiveDirectory")));
        a.addGroup(l.localGroup("Users"), List.of(new LocalAccounts.Member(de
                ? "NT-AUTORITÄT\\Authentifizierte Benutzer" : "NT AUTHORITY\\Authenticated Users", "Group", "Unknown")));
        h.domainDirectory().ifPresent(d -> {
            d.addGroup("Domain Admins", List.of(new DomainDirectory.Member("Administrator", "user")));
            d.addGroup("Enterprise Admins", List.of(new DomainDirectory.Member("Administrator", "user")));
            d.addGroup("Schema Admins", List.of(new DomainDirectory.Member("Administrator", "user")));
            d.addGroup("Group Policy Creator Owners", List.of(new DomainDirectory.Member("Administrator", "user")));
            // the domain's built-in Administrators, as dcpromo leaves it
            d.addGroup("Administrators", List.of(new DomainDirectory.Member("Administrator", "user"),
                    new DomainDirectory.Member("Domain Admins", "group"), new DomainDirectory.Member("Enterprise Admins", "group")));
            for (String empty : List.of("Account Operators", "Backup Operators", "Server Operators", "Print Operators",
                    "DnsAdmins")) {
                d.addGroup(empty, List.of());
            }
            d.addGroup("Domain Users", List.of(new DomainDirectory.Member("Administrator", "user"),
                    new DomainDirectory.Member("osiris-svc", "user")));
        });
    }

    private static String thumbprint(String seed) {
        StringBuilder sb = new StringBuilder();
        long x = seed.toUpperCase(Locale.ROOT).hashCode() * 2654435761L;
        while (sb.length() < 40) {
            x = x * 6364136223846793005L + 1442695040888963407L;
            sb.append(String.format("%08X", (int) (x >>> 32)));
        }
        return sb.substring(0, 40);
    }
}
