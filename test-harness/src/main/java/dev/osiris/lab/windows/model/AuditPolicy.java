package dev.osiris.lab.windows.model;

import java.util.Locale;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Advanced audit policy: success/failure per subcategory, as auditpol.exe shows it. Thread-safe. */
public final class AuditPolicy {

    /** A subcategory of the standard catalogue. */
    public record Subcategory(String category, String name, String guid) {
    }

    /** The setting of one subcategory. */
    public record Setting(Subcategory subcategory, boolean success, boolean failure) {
        /** auditpol's words: No Auditing, Success, Failure, Success and Failure. */
        public String inclusion() {
            if (success && failure) {
                return "Success and Failure";
            }
            return success ? "Success" : failure ? "Failure" : "No Auditing";
        }

        public int settingValue() {
            return (success ? 1 : 0) | (failure ? 2 : 0);
        }
    }

    public static final List<Subcategory> CATALOGUE = catalogue();

    private final Map<String, Setting> settings = new LinkedHashMap<>();

    public AuditPolicy() {
        for (Subcategory s : CATALOGUE) {
            settings.put(s.name().toLowerCase(Locale.ROOT), new Setting(s, false, false));
        }
    }

    public synchronized List<Setting> all() {
        return new ArrayList<>(settings.values());
    }

    public synchronized Optional<Setting> get(String subcategory) {
        return Optional.ofNullable(settings.get(subcategory.toLowerCase(Locale.ROOT)));
    }

    public static List<String> categories() {
        return CATALOGUE.stream().map(Subcategory::category).distinct().toList();
    }

    /** Sets success and/or failure (null leaves it unchanged). Returns false for an unknown subcategory. */
    public synchronized boolean set(String subcategory, Boolean success, Boolean failure) {
        Setting s = settings.get(subcategory.toLowerCase(Locale.ROOT));
        if (s == null) {
            return false;
        }
        settings.put(subcategory.toLowerCase(Locale.ROOT), new Setting(s.subcategory(),
                success == null ? s.success() : success, failure == null ? s.failure() : failure));
        return true;
    }

    private static List<Subcategory> catalogue() {
        List<Subcategory> list = new ArrayList<>();
        Object[][] table = {
            {"System", new String[]{"Security State Change:10", "Security System Extension:11", "System Integrity:12",
                "IPsec Driver:13", "Other System Events:14"}},
            {"Logon/Logoff", new String[]{"Logon:15", "Logoff:16", "Account Lockout:17", "IPsec Main Mode:18",
                "IPsec Quick Mode:19", "IPsec Extended Mode:1A", "Special Logon:1B", "Other Logon/Logoff Events:1C",
                "Network Policy Server:43", "User / Device Claims:47", "Group Membership:49"}},
            {"Object Access", new String[]{"File System:1D", "Registry:1E", "Kernel Object:1F", "SAM:20",
                "Certification Services:21", "Application Generated:22", "Handle Manipulation:23", "File Share:24",
                "Filtering Platform Packet Drop:25", "Filtering Platform Connection:26",
                "Other Object Access Events:27", "Detailed File Share:44", "Removable Storage:45",
                "Central Policy Staging:46"}},
            {"Privilege Use", new String[]{"Non Sensitive Privilege Use:29", "Other Privilege Use Events:2A",
                "Sensitive Privilege Use:28"}},
            {"Detailed Tracking", new String[]{"Process Creation:2B", "Process Termination:2C", "DPAPI Activity:2D",
                "RPC Events:2E", "Plug and Play Events:48", "Token Right Adjusted Events:4A"}},
            {"Policy Change", new String[]{"Audit Policy Change:2F", "Authentication Policy Change:30",
                "Authorization Policy Change:31", "MPSSVC Rule-Level Policy Change:32",
                "Filtering Platform Policy Change:33", "Other Policy Change Events:34"}},
            {"Account Management", new String[]{"Computer Account Management:36", "Security Group Management:37",
                "Distribution Group Management:38", "Application Group Management:39",
                "Other Account Management Events:3A", "User Account Management:35"}},
            {"DS Access", new String[]{"Directory Service Changes:3C", "Directory Service Replication:3D",
                "Detailed Directory Service Replication:3E", "Directory Service Access:3B"}},
            {"Account Logon", new String[]{"Kerberos Service Ticket Operations:40", "Other Account Logon Events:41",
                "Kerberos Authentication Service:42", "Credential Validation:3F"}},
        };
        for (Object[] row : table) {
            for (String entry : (String[]) row[1]) {
                int c = entry.lastIndexOf(':');
                list.add(new Subcategory((String) row[0], entry.substring(0, c),
                        "{0CCE92" + entry.substring(c + 1) + "-69AE-11D9-BED3-505054503030}"));
            }
        }
        return List.copyOf(list);
    }
}
