package dev.osiris.lab.windows.shell.cmdlets;

import static dev.osiris.lab.windows.shell.ps.ParamSpec.flag;
import static dev.osiris.lab.windows.shell.ps.ParamSpec.named;

import dev.osiris.lab.windows.model.Defender;
import dev.osiris.lab.windows.model.PolicyKeys;
import dev.osiris.lab.windows.shell.ps.CmdletCall;
import dev.osiris.lab.windows.shell.ps.CmdletRegistry;
import dev.osiris.lab.windows.shell.ps.PsConvert;
import dev.osiris.lab.windows.shell.ps.PsObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Get-MpComputerStatus, Get-/Set-/Add-/Remove-MpPreference (policy keys win), Update-MpSignature, Start-MpScan. */
final class DefenderCmdlets {

    private DefenderCmdlets() {
    }

    static void register(CmdletRegistry r) {
        r.add("Get-MpComputerStatus", DefenderCmdlets::status);
        r.add("Get-MpPreference", DefenderCmdlets::preference);
        r.add("Set-MpPreference", DefenderCmdlets::set, named("DisableRealtimeMonitoring"),
                named("DisableBehaviorMonitoring"), named("DisableIOAVProtection"), flag("Force"));
        r.add("Add-MpPreference", c -> exclusions(c, true), named("ExclusionPath"), named("ExclusionExtension"),
                named("ExclusionProcess"), named("ExclusionIpAddress"), named("AttackSurfaceReductionOnlyExclusions"),
                named("ControlledFolderAccessAllowedApplications"), named("ControlledFolderAccessProtectedFolders"),
                flag("Force"));
        r.add("Remove-MpPreference", c -> exclusions(c, false), named("ExclusionPath"), named("ExclusionExtension"),
                named("ExclusionProcess"), named("ExclusionIpAddress"), flag("Force"));
        r.add("Update-MpSignature", DefenderCmdlets::update, named("UpdateSource"), flag("AsJob"));
        r.add("Start-MpScan", c -> requireService(c), named("ScanType"), named("ScanPath"), flag("AsJob"));
    }

    private static boolean serviceRunning(CmdletCall c) {
        return c.host().services().isRunning("WinDefend");
    }

    private static void requireService(CmdletCall c) {
        if (!serviceRunning(c)) {
            throw c.error("Failed to update signatures: 0x800106ba. The service is not running.", "NotSpecified",
                    "HRESULT 0x800106ba");
        }
    }

    private static void status(CmdletCall c) {
        Defender d = c.host().defender();
        boolean running = serviceRunning(c);
        Instant updated = d.signatureLastUpdated();
        int age = (int) Duration.between(updated, c.host().clock().instant()).toDays();
        boolean rtp = running && !effective(c, "DisableRealtimeMonitoring", d.realtimeMonitoringDisabled());
        c.emit(PsObject.of("Microsoft.Management.Infrastructure.CimInstance#ROOT/Microsoft/Windows/Defender/MSFT_MpComputerStatus")
                .with("AMEngineVersion", "1.1.24090.11").with("AMProductVersion", "4.18.24090.11")
                .with("AMRunningMode", running ? "Normal" : "Not running").with("AMServiceEnabled", running)
                .with("AntispywareEnabled", running).with("AntispywareSignatureAge", age)
                .with("AntispywareSignatureLastUpdated", Values.date(updated))
                .with("AntispywareSignatureVersion", d.signatureVersion())
                .with("AntivirusEnabled", running).with("AntivirusSignatureAge", age)
                .with("AntivirusSignatureLastUpdated", Values.date(updated))
                .with("AntivirusSignatureVersion", d.signatureVersion())
                .with("BehaviorMonitorEnabled", running && !effective(c, "DisableBehaviorMonitoring", d.behaviorMonitoringDisabled()))
                .with("ComputerState", 0).with("DefenderSignaturesOutOfDate", age > 7)
                .with("FullScanAge", 4294967295L).with("IoavProtectionEnabled", running && !effective(c, "DisableIOAVProtection", d.ioavProtectionDisabled()))
                .with("IsTamperProtected", d.tamperProtected()).with("NISEnabled", running)
                .with("OnAccessProtectionEnabled", rtp).with("QuickScanAge", 0)
                .with("RealTimeProtectionEnabled", rtp));
    }

    private static void preference(CmdletCall c) {
        Defender d = c.host().defender();
        c.emit(PsObject.of("Microsoft.Management.Infrastructure.CimInstance#ROOT/Microsoft/Windows/Defender/MSFT_MpPreference")
                .with("DisableRealtimeMonitoring", effective(c, "DisableRealtimeMonitoring", d.realtimeMonitoringDisabled()))
                .with("DisableBehaviorMonitoring", effective(c, "DisableBehaviorMonitoring", d.behaviorMonitoringDisabled()))
                .with("DisableIOAVProtection", effective(c, "DisableIOAVProtection", d.ioavProtectionDisabled()))
                .with("ExclusionPath", exclusionPaths(c))
                .with("SignatureUpdateInterval", 8).with("MAPSReporting", 2).with("SubmitSamplesConsent", 1));
    }

    private static void set(CmdletCall c) {
        Defender d = c.host().defender();
        if (c.has("DisableRealtimeMonitoring")) {
            d.setRealtimeMonitoringDisabled(c.bool("DisableRealtimeMonitoring"));
        }
        if (c.has("DisableBehaviorMonitoring")) {
            d.setBehaviorMonitoringDisabled(c.bool("DisableBehaviorMonitoring"));
        }
        if (c.has("DisableIOAVProtection")) {
            d.setIoavProtectionDisabled(c.bool("DisableIOAVProtection"));
        }
    }

    /**
     * A Defender setting as it is in force: a Group Policy value under Policies\Microsoft\Windows Defender wins over
     * the local one (Set-MpPreference then changes nothing that shows), as on Windows.
     */
    static boolean effective(CmdletCall c, String setting, boolean local) {
        return c.host().registry().value(PolicyKeys.DEFENDER_RTP_POLICY, setting)
                .map(v -> v.asLong() != null && v.asLong() != 0).orElse(local);
    }

    /** Local exclusion paths and those set by policy; null when there are none (Get-MpPreference shows nothing). */
    private static Object exclusionPaths(CmdletCall c) {
        List<Object> paths = new ArrayList<>(c.host().defender().exclusionPaths());
        c.host().registry().key(PolicyKeys.DEFENDER_PATH_EXCLUSIONS_POLICY).ifPresent(k -> k.values()
                .forEach(v -> paths.add(v.name())));
        return paths.isEmpty() ? null : paths;
    }

    private static void exclusions(CmdletCall c, boolean add) {
        for (String other : List.of("ExclusionExtension", "ExclusionProcess", "ExclusionIpAddress",
                "AttackSurfaceReductionOnlyExclusions", "ControlledFolderAccessAllowedApplications",
                "ControlledFolderAccessProtectedFolders")) {
            if (c.has(other)) {
                throw c.error("The Windows host emulator does not model Defender's " + other + " (only -ExclusionPath).",
                        "NotImplemented", "EmulatorUnsupported");
            }
        }
        if (!c.has("ExclusionPath")) {
            throw c.error("Parameter set cannot be resolved using the specified named parameters.", "InvalidArgument",
                    "AmbiguousParameterSet");
        }
        for (String p : c.strings("ExclusionPath")) {
            if (add) {
                c.host().defender().addExclusionPath(p);
            } else {
                c.host().defender().removeExclusionPath(p);
            }
        }
    }

    private static void update(CmdletCall c) {
        requireService(c);
        c.host().defender().updateSignatures(c.host().clock().instant());
    }
}
