package dev.osiris.lab.windows.model;

/**
 * SMB server settings, stored where Windows keeps them (LanmanServer\\Parameters in the registry), so
 * Get-SmbServerConfiguration, reg query and Get-ItemProperty agree.
 */
public final class SmbServer {

    public static final String PARAMETERS = "HKLM\\SYSTEM\\CurrentControlSet\\Services\\LanmanServer\\Parameters";

    private final Registry registry;

    public SmbServer(Registry registry) {
        this.registry = registry;
    }

    public boolean smb1Enabled() {
        return flag("SMB1", true);
    }

    public void setSmb1Enabled(boolean on) {
        set("SMB1", on);
    }

    public boolean requireSecuritySignature() {
        return flag("RequireSecuritySignature", false);
    }

    public void setRequireSecuritySignature(boolean on) {
        set("RequireSecuritySignature", on);
    }

    public boolean enableSecuritySignature() {
        return flag("EnableSecuritySignature", false);
    }

    public void setEnableSecuritySignature(boolean on) {
        set("EnableSecuritySignature", on);
    }

    public boolean encryptData() {
        return flag("EncryptData", false);
    }

    public void setEncryptData(boolean on) {
        set("EncryptData", on);
    }

    private boolean flag(String name, boolean absentMeans) {
        return registry.value(PARAMETERS, name).map(RegistryValue::asLong).map(v -> v != 0).orElse(absentMeans);
    }

    private void set(String name, boolean on) {
        registry.put(PARAMETERS, RegistryValue.dword(name, on ? 1 : 0));
    }
}
