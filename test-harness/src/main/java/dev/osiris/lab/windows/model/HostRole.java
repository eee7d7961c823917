package dev.osiris.lab.windows.model;

/** What kind of Windows machine a {@link WindowsHost} models; decides e.g. whether AD cmdlets exist. */
public enum HostRole {
    DOMAIN_CONTROLLER(5, "Windows Server 2022 Standard"),
    WORKSTATION(1, "Windows 11 Pro"),
    SERVER_CORE(3, "Windows Server 2022 Standard");

    /** The OS build (CurrentBuild): Windows 11 23H2, Windows Server 2022. */
    public int build() {
        return this == WORKSTATION ? 22631 : 20348;
    }

    /** PowerShell 5.1's own version on that build ($PSVersionTable.PSVersion). */
    public String powerShellVersion() {
        return this == WORKSTATION ? "5.1.22621.2506" : "5.1.20348.2849";
    }

    /**
     * The registry's ProductName: Windows 11 still says "Windows 10 Pro" there (only Win32_OperatingSystem's
     * Caption says 11), which scripts reading the registry see on a real host.
     */
    public String productName() {
        return this == WORKSTATION ? "Windows 10 Pro" : caption;
    }

    private final int domainRole;
    private final String caption;

    HostRole(int domainRole, String caption) {
        this.domainRole = domainRole;
        this.caption = caption;
    }

    /** Win32_ComputerSystem.DomainRole (1 member workstation, 3 member server, 5 primary DC). */
    public int domainRole() {
        return domainRole;
    }

    /** Win32_OperatingSystem caption, without the "Microsoft " prefix. */
    public String caption() {
        return caption;
    }
}
