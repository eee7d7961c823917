package dev.osiris.lab.windows.model;

/** Registry keys of the security policies the lab checks (reg.exe spelling). */
public final class PolicyKeys {
    /** LmCompatibilityLevel (5 = NTLMv2 only, refuse LM and NTLM). */
    public static final String LSA = "HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa";
    /** EnableMulticast = 0 turns LLMNR off. */
    public static final String DNS_CLIENT_POLICY = "HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\DNSClient";
    /** UserAuthentication = 1 requires Network Level Authentication for RDP. */
    public static final String RDP_TCP = "HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations\\RDP-Tcp";
    public static final String TERMINAL_SERVER = "HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server";
    /** InactivityTimeoutSecs: machine inactivity limit (screen lock). */
    public static final String SYSTEM_POLICIES = "HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System";
    /** ScreenSaveTimeOut (REG_SZ seconds), ScreenSaverIsSecure, ScreenSaveActive. */
    public static final String DESKTOP = "HKCU\\Control Panel\\Desktop";
    public static final String SCRIPT_BLOCK_LOGGING = "HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\PowerShell\\ScriptBlockLogging";
    public static final String RUN = "HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run";
    public static final String RUN_ONCE = "HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\RunOnce";
    public static final String USER_RUN = "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run";
    /** The front-desk user every preset has logged on at the console: its hive is loaded under HKEY_USERS. */
    public static final String FRONT_DESK_SID = "S-1-5-21-1004336348-1177238915-682003330-1002";
    public static final String FRONT_DESK_RUN = "HKU\\" + FRONT_DESK_SID + "\\Software\\Microsoft\\Windows\\CurrentVersion\\Run";
    /** The 32-bit view of Run (RunOnce: the same with Once). */
    public static final String WOW64_RUN = "HKLM\\SOFTWARE\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Run";
    /** Shell (explorer.exe) and Userinit (userinit.exe,) start every interactive logon. */
    public static final String WINLOGON = "HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon";
    /** Startup folders (file system paths, not registry keys): all users', and a user's under %APPDATA%. */
    public static final String ALL_USERS_STARTUP = "C:\\ProgramData\\Microsoft\\Windows\\Start Menu\\Programs\\StartUp";
    public static final String USER_STARTUP = "Microsoft\\Windows\\Start Menu\\Programs\\Startup";
    public static final String W32TIME_PARAMETERS = "HKLM\\SYSTEM\\CurrentControlSet\\Services\\W32Time\\Parameters";
    public static final String SECURITY_LOG = "HKLM\\SYSTEM\\CurrentControlSet\\Services\\EventLog\\Security";

    /** Defender policy (Group Policy): DisableRealtimeMonitoring etc. = 1 override Set-MpPreference. */
    public static final String DEFENDER_RTP_POLICY = "HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows Defender\\Real-Time Protection";
    /** Defender policy exclusions: one value per path (name = path), merged with the local ones. */
    public static final String DEFENDER_PATH_EXCLUSIONS_POLICY = "HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows Defender\\Exclusions\\Paths";

    /**
     * Windows Defender Firewall Group Policy: one subkey per profile ({@code DomainProfile}, {@code PrivateProfile},
     * {@code PublicProfile}) with EnableFirewall and DefaultInboundAction (DWORD; inbound 1 = block, 0 = allow) that
     * win over the local settings in the active store.
     */
    public static final String FIREWALL_POLICY = "HKLM\\SOFTWARE\\Policies\\Microsoft\\WindowsFirewall";

    /** Firewall rules of the local (persistent) store: one REG_SZ per rule, named by its ID (see FirewallRules). */
    public static final String FIREWALL_LOCAL_RULES =
            "HKLM\\SYSTEM\\CurrentControlSet\\Services\\SharedAccess\\Parameters\\FirewallPolicy\\FirewallRules";

    /** Firewall rules Group Policy delivers: same encoding as the local ones, under the policy key. */
    public static final String FIREWALL_POLICY_RULES = FIREWALL_POLICY + "\\FirewallRules";

    private PolicyKeys() {
    }
}
