package dev.osiris.lab.windows.shell.cmdlets;

import static dev.osiris.lab.windows.shell.ps.ParamSpec.flag;
import static dev.osiris.lab.windows.shell.ps.ParamSpec.named;
import static dev.osiris.lab.windows.shell.ps.ParamSpec.positional;

import dev.osiris.lab.windows.model.BitLocker;
import dev.osiris.lab.windows.model.HostRole;
import dev.osiris.lab.windows.model.PsEnumValue;
import dev.osiris.lab.windows.model.Services;
import dev.osiris.lab.windows.model.UpdateHistory;
import dev.osiris.lab.windows.model.Volumes;
import dev.osiris.lab.windows.shell.ps.CmdletCall;
import dev.osiris.lab.windows.shell.ps.CmdletRegistry;
import dev.osiris.lab.windows.shell.ps.PsConvert;
import dev.osiris.lab.windows.shell.ps.PsMembers;
import dev.osiris.lab.windows.shell.ps.PsObject;
import dev.osiris.lab.windows.shell.ps.PsOps;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/** BitLocker, hotfixes, CIM classes, volumes, Windows Server Backup summary. */
final class SystemCmdlets {

    private SystemCmdlets() {
    }

    static void register(CmdletRegistry r) {
        r.add("Get-BitLockerVolume", c -> volumes(c).forEach(v -> c.emit(bitlocker(v))), positional("MountPoint", 0));
        r.add("Suspend-BitLocker", c -> protection(c, false), positional("MountPoint", 0), named("RebootCount"));
        r.add("Resume-BitLocker", c -> protection(c, true), positional("MountPoint", 0));
        r.add("Disable-BitLocker", c -> protection(c, false), positional("MountPoint", 0));
        r.add("Get-HotFix", SystemCmdlets::hotfix, positional("Id", 0, "HotFixID"), named("Description"),
                named("ComputerName"));
        r.add("Get-CimInstance", SystemCmdlets::cim, positional("ClassName", 0, "Class"), named("Filter"),
                named("Namespace"), named("Property"), named("ComputerName"), named("Query"));
        r.alias("Get-WmiObject", "Get-CimInstance");
        r.alias("gwmi", "Get-CimInstance");
        r.alias("gcim", "Get-CimInstance");
        r.add("Get-Volume", SystemCmdlets::volume, positional("DriveLetter", 0), named("FileSystemLabel"));
        // the WindowsServerBackup module exists on Windows Server only
        r.addWhere(h -> h.role() != HostRole.WORKSTATION, "Get-WBSummary", SystemCmdlets::backupSummary);
        r.add("Get-PSDrive", SystemCmdlets::psDrives, positional("Name", 0), named("PSProvider"));
        r.add("Get-ComputerInfo", c -> c.emit(PsObject.of("Microsoft.PowerShell.Commands.ComputerInfo")
                .with("CsName", c.host().name()).with("CsDomain", c.host().dnsDomain())
                .with("OsName", "Microsoft " + c.host().role().caption())
                .with("CsDomainRole", c.host().role().domainRole())), positional("Property", 0));
    }

    private static List<BitLocker.Volume> volumes(CmdletCall c) {
        if (!c.has("MountPoint")) {
            return c.host().bitLocker().all();
        }
        List<BitLocker.Volume> out = new ArrayList<>();
        for (String m : c.strings("MountPoint")) {
            out.add(c.host().bitLocker().get(m).orElseThrow(() -> c.error("Cannot find the volume " + m
                    + " or the volume is not NTFS.", "ObjectNotFound", "HRESULT 0x80070057")));
        }
        return out;
    }

    private static PsObject bitlocker(BitLocker.Volume v) {
        return PsObject.of("Microsoft.BitLocker.Structures.BitLockerVolume").with("ComputerName", "localhost")
                .with("MountPoint", v.mountPoint())
                .with("VolumeType", new PsEnumValue("VolumeType", "OperatingSystem", 0))
                .with("ProtectionStatus", new PsEnumValue("ProtectionStatus", v.protectionOn() ? "On" : "Off",
                        v.protectionOn() ? 1 : 0))
                .with("VolumeStatus", new PsEnumValue("VolumeStatus", v.fullyEncrypted() ? "FullyEncrypted" : "FullyDecrypted",
                        v.fullyEncrypted() ? 1 : 0))
                .with("EncryptionMethod", new PsEnumValue("EncryptionMethod", v.fullyEncrypted() ? v.encryptionMethod() : "None",
                        v.fullyEncrypted() ? 7 : 0))
                .with("EncryptionPercentage", v.fullyEncrypted() ? 100 : 0)
                .with("LockStatus", new PsEnumValue("LockStatus", "Unlocked", 0))
                .with("KeyProtector", new ArrayList<Object>(v.fullyEncrypted() ? List.of("Tpm", "RecoveryPassword") : List.of()));
    }

    private static void protection(CmdletCall c, boolean on) {
        for (BitLocker.Volume v : volumes(c)) {
            BitLocker.Volume updated = c.name().equals("Disable-BitLocker")
                    ? new BitLocker.Volume(v.mountPoint(), false, false, v.encryptionMethod()) : v.withProtection(on);
            c.host().bitLocker().put(updated);
            c.emit(bitlocker(updated));
        }
    }

    private static PsObject hotfixObject(CmdletCall c, UpdateHistory.HotFix h) {
        return PsObject.of("System.Management.ManagementObject#root\\cimv2\\Win32_QuickFixEngineering")
                .with("Source", c.host().name()).with("Description", h.description()).with("HotFixID", h.hotFixId())
                .with("InstalledBy", h.installedBy())
                .with("InstalledOn", Values.date(h.installedOn()).toLocalDate().atStartOfDay());
    }

    private static void hotfix(CmdletCall c) {
        List<String> ids = c.has("Id") ? c.strings("Id") : List.of();
        boolean any = false;
        for (UpdateHistory.HotFix h : c.host().updates().all()) {
            if (Values.matchesAny(h.hotFixId(), ids)) {
                any = true;
                c.emit(hotfixObject(c, h));
            }
        }
        if (!any && !ids.isEmpty()) {
            c.writeError(c.notFound("Cannot find the requested hotfix on the 'localhost' computer. Verify the input and "
                    + "run the command again.", String.join(",", ids)));
        }
    }

    private static void cim(CmdletCall c) {
        if (c.has("Query")) {
            throw c.error("The Windows host emulator does not run WQL -Query; use -ClassName and -Filter.",
                    "NotImplemented", "EmulatorUnsupported");
        }
        String cls = c.string("ClassName");
        List<PsObject> objects = new ArrayList<>();
        Consumer<PsObject> add = objects::add;
        switch (cls == null ? "" : cls.toLowerCase(Locale.ROOT)) {
            case "win32_logicaldisk" -> c.host().volumes().all().forEach(v -> add.accept(PsObject.of(
                    "Microsoft.Management.Infrastructure.CimInstance#root/cimv2/Win32_LogicalDisk")
                    .with("DeviceID", v.driveLetter() + ":").with("DriveType", 3).with("FileSystem", v.fileSystem())
                    .with("FreeSpace", v.freeBytes()).with("Size", v.sizeBytes()).with("VolumeName", v.label())));
            case "win32_operatingsystem" -> add.accept(PsObject.of(
                    "Microsoft.Management.Infrastructure.CimInstance#root/cimv2/Win32_OperatingSystem")
                    .with("Caption", "Microsoft " + c.host().role().caption())
                    .with("Version", c.host().role() == HostRole.WORKSTATION ? "10.0.22631" : "10.0.20348")
                    .with("BuildNumber", c.host().role() == HostRole.WORKSTATION ? "22631" : "20348")
                    .with("CSName", c.host().name()).with("OSArchitecture", "64-bit")
                    .with("LastBootUpTime", c.now().minus(Duration.ofDays(3)))
                    .with("InstallDate", c.now().minus(Duration.ofDays(400)))
                    .with("FreePhysicalMemory", 6_291_456L).with("TotalVisibleMemorySize", 16_777_216L)
                    .with("ProductType", c.host().role() == HostRole.WORKSTATION ? 1
                            : c.host().role() == HostRole.DOMAIN_CONTROLLER ? 2 : 3));
            case "win32_computersystem" -> add.accept(PsObject.of(
                    "Microsoft.Management.Infrastructure.CimInstance#root/cimv2/Win32_ComputerSystem")
                    .with("Name", c.host().name()).with("Domain", c.host().dnsDomain()).with("PartOfDomain", true)
                    .with("DomainRole", c.host().role().domainRole()).with("Manufacturer", "Dell Inc.")
                    .with("Model", "OptiPlex 7010"));
            case "win32_quickfixengineering" -> c.host().updates().all().forEach(h -> add.accept(hotfixObject(c, h)));
            case "win32_service" -> c.host().services().all().forEach(s -> add.accept(PsObject.of(
                    "Microsoft.Management.Infrastructure.CimInstance#root/cimv2/Win32_Service")
                    .with("Name", s.name()).with("DisplayName", s.displayName())
                    .with("State", s.status() == Services.Status.RUNNING ? "Running" : "Stopped")
                    .with("StartMode", switch (s.startMode()) {
                        case AUTOMATIC -> "Auto";
                        case MANUAL -> "Manual";
                        case DISABLED -> "Disabled";
                        default -> "System";
                    }).with("Started", s.status() == Services.Status.RUNNING)));
            default -> throw c.error("Invalid class " + (cls == null ? "" : cls), "MetadataError",
                    "HRESULT 0x80041010,Microsoft.Management.Infrastructure.CimCmdlets.GetCimInstanceCommand");
        }
        String filter = c.string("Filter");
        for (PsObject o : objects) {
            if (filter == null || matchesFilter(c, o, filter)) {
                c.emit(o);
            }
        }
    }

    /** WQL-ish filters: Prop='v', Prop=3, Prop like 'x%', joined with AND. */
    private static boolean matchesFilter(CmdletCall c, PsObject o, String filter) {
        for (String clause : filter.split("(?i)\\s+and\\s+")) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)\\s*(\\w+)\\s*(=|!=|<>|like)\\s*'?([^']*)'?\\s*")
                    .matcher(clause);
            if (!m.matches()) {
                throw c.error("Invalid query: the emulator understands Filter clauses like Name='x' joined by AND.",
                        "InvalidArgument", "HRESULT 0x80041017");
            }
            Object v = PsMembers.get(o, m.group(1));
            String op = m.group(2).toLowerCase(Locale.ROOT);
            boolean ok = switch (op) {
                case "=" -> PsOps.equal(v, m.group(3), false);
                case "like" -> PsOps.like(String.valueOf(v), m.group(3).replace('%', '*').replace('_', '?'), false);
                default -> !PsOps.equal(v, m.group(3), false);
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** PowerShell 5.1's drives: the volumes and the providers' own (Alias, Cert, Env, Function, HKCU, HKLM ...). */
    private static void psDrives(CmdletCall c) {
        List<PsObject> drives = new ArrayList<>();
        c.host().volumes().all().forEach(v -> drives.add(drive(String.valueOf(v.driveLetter()), "FileSystem",
                "Microsoft.PowerShell.Core", v.driveLetter() + ":\\").with("Used", v.sizeBytes() - v.freeBytes())
                .with("Free", v.freeBytes())));
        drives.add(drive("Alias", "Alias", "Microsoft.PowerShell.Core", ""));
        drives.add(drive("Cert", "Certificate", "Microsoft.PowerShell.Security", "\\"));
        drives.add(drive("Env", "Environment", "Microsoft.PowerShell.Core", ""));
        drives.add(drive("Function", "Function", "Microsoft.PowerShell.Core", ""));
        drives.add(drive("HKCU", "Registry", "Microsoft.PowerShell.Core", "HKEY_CURRENT_USER"));
        drives.add(drive("HKLM", "Registry", "Microsoft.PowerShell.Core", "HKEY_LOCAL_MACHINE"));
        drives.add(drive("Variable", "Variable", "Microsoft.PowerShell.Core", ""));
        drives.add(drive("WSMan", "WSMan", "Microsoft.WSMan.Management", ""));
        drives.sort(java.util.Comparator.comparing(d -> PsConvert.toStr(d.get("Name")), String.CASE_INSENSITIVE_ORDER));
        for (PsObject d : drives) {
            String provider = PsConvert.toStr(d.get("Provider"));
            boolean named = !c.has("Name") || Values.matchesAny(PsConvert.toStr(d.get("Name")), c.strings("Name"));
            boolean byProvider = !c.has("PSProvider") || c.strings("PSProvider").stream().anyMatch(p ->
                    p.equalsIgnoreCase(provider) || p.equalsIgnoreCase(provider.substring(provider.indexOf('\\') + 1)));
            if (named && byProvider) {
                c.emit(d);
            }
        }
    }

    private static PsObject drive(String name, String provider, String module, String root) {
        return PsObject.of("System.Management.Automation.PSDriveInfo").with("Name", name)
                .with("Provider", module + "\\" + provider).with("Root", root).with("CurrentLocation", "");
    }

    private static void volume(CmdletCall c) {
        for (Volumes.Volume v : c.host().volumes().all()) {
            if (!c.has("DriveLetter") || c.strings("DriveLetter").stream()
                    .anyMatch(l -> !l.isEmpty() && Character.toUpperCase(l.charAt(0)) == v.driveLetter())) {
                c.emit(PsObject.of("Microsoft.Management.Infrastructure.CimInstance#ROOT/Microsoft/Windows/Storage/MSFT_Volume")
                        .with("DriveLetter", String.valueOf(v.driveLetter())).with("FriendlyName", v.label())
                        .with("FileSystemLabel", v.label()).with("FileSystemType", v.fileSystem())
                        .with("DriveType", "Fixed").with("HealthStatus", "Healthy").with("OperationalStatus", "OK")
                        .with("SizeRemaining", v.freeBytes()).with("Size", v.sizeBytes()));
            }
        }
    }

    private static void backupSummary(CmdletCall c) {
        var b = c.host().backups();
        c.emit(PsObject.of("Microsoft.Windows.ServerBackup.Commands.WBSummary")
                .with("LastSuccessfulBackupTime", Values.date(b.lastSuccessfulBackup()))
                .with("LastBackupTime", Values.date(b.lastSuccessfulBackup())).with("LastBackupResultHR", 0)
                .with("NextBackupTime", b.lastSuccessfulBackup() == null ? null : Values.date(b.lastSuccessfulBackup()).plusDays(1))
                .with("NumberOfVersions", b.versions()).with("LastBackupTarget", "\\\\nvdc01\\backup"));
    }
}
