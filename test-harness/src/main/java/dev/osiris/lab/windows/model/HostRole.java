package dev.osiris.lab.windows.model;

/** What kind of Windows machine a {@link WindowsHost} models; decides e.g. whether AD cmdlets exist. */
public enum HostRole {
    DOMAIN_CONTROLLER(5, "Windows Server 2022 Standard"),
    WORKSTATION(1, "Windows 11 Pro"),
    SERVER_CORE(3, "Windows Server 2022 Standard");

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
