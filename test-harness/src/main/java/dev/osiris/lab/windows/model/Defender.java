package dev.osiris.lab.windows.model;

import java.time.Instant;

/** Microsoft Defender Antivirus settings and signature state. Thread-safe. */
public final class Defender {

    private boolean realtimeMonitoringDisabled;
    private boolean behaviorMonitoringDisabled;
    private boolean ioavProtectionDisabled;
    private Instant signatureLastUpdated;
    private int signatureBuild = 401;
    private boolean tamperProtected = true;

    private final java.util.List<String> exclusionPaths = new java.util.ArrayList<>();

    public Defender(Instant signatureLastUpdated) {
        this.signatureLastUpdated = signatureLastUpdated;
    }

    /** Local exclusion paths (Add-MpPreference -ExclusionPath), in the order added, without duplicates. */
    public synchronized java.util.List<String> exclusionPaths() {
        return java.util.List.copyOf(exclusionPaths);
    }

    public synchronized void addExclusionPath(String path) {
        if (exclusionPaths.stream().noneMatch(p -> p.equalsIgnoreCase(path))) {
            exclusionPaths.add(path);
        }
    }

    public synchronized void removeExclusionPath(String path) {
        exclusionPaths.removeIf(p -> p.equalsIgnoreCase(path));
    }

    public synchronized boolean realtimeMonitoringDisabled() {
        return realtimeMonitoringDisabled;
    }

    public synchronized void setRealtimeMonitoringDisabled(boolean disabled) {
        this.realtimeMonitoringDisabled = disabled;
    }

    public synchronized boolean behaviorMonitoringDisabled() {
        return behaviorMonitoringDisabled;
    }

    public synchronized void setBehaviorMonitoringDisabled(boolean disabled) {
        this.behaviorMonitoringDisabled = disabled;
    }

    public synchronized boolean ioavProtectionDisabled() {
        return ioavProtectionDisabled;
    }

    public synchronized void setIoavProtectionDisabled(boolean disabled) {
        this.ioavProtectionDisabled = disabled;
    }

    public synchronized Instant signatureLastUpdated() {
        return signatureLastUpdated;
    }

    public synchronized void setSignatureLastUpdated(Instant when) {
        this.signatureLastUpdated = when;
    }

    /** What Update-MpSignature does: a newer signature version, updated now. */
    public synchronized void updateSignatures(Instant now) {
        signatureLastUpdated = now;
        signatureBuild++;
    }

    /** What {@code MpCmdRun -RemoveDefinitions -All} does: back to the definitions the platform shipped with. */
    public synchronized void rollBackToShipped(Instant shippedOn) {
        signatureLastUpdated = shippedOn;
        signatureBuild = 0;
    }

    public synchronized String signatureVersion() {
        return "1.421." + signatureBuild + ".0";
    }

    public synchronized boolean tamperProtected() {
        return tamperProtected;
    }
}
