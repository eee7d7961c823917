package dev.osiris.lab.windows.model;

import java.util.Locale;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The security-relevant state of one emulated Windows host. Plain Java, no Vert.x; every component
 * is thread-safe on its own. Start from a preset ({@link #domainController}, {@link #workstation},
 * {@link #serverCore}), each compliant with the lab baseline; chaos and runbooks change it through
 * the emulated shell, tests read it back through the accessors.
 */
public final class WindowsHost {

    /** The lab site's DNS servers: the compliant setting for every interface. */
    public static final List<String> SITE_DNS_SERVERS = List.of("10.20.0.10", "10.20.0.11");
    public static final String DOMAIN = "NVDENTAL";
    public static final String DNS_DOMAIN = "nvdental.local";
    /** The local account every preset accepts over WinRM ({@code .\\osiris}). */
    public static final Account LOCAL_ACCOUNT = Account.local("osiris", "Lab-Osiris-2026!");
    /** The domain service account every preset accepts ({@code NVDENTAL\\osiris-svc}). */
    public static final Account DOMAIN_ACCOUNT = Account.domain(DOMAIN, "osiris-svc", "Lab-Svc-2026!");

    private final String name;
    private final HostRole role;
    private final DisplayLanguage language;
    private final Clock clock;
    private final List<Account> accounts;
    private final Registry registry = new Registry();
    private final Firewall firewall = new Firewall();
    private final Services services = new Services();
    private final Defender defender;
    private final AuditPolicy auditPolicy = new AuditPolicy();
    private final DnsClient dnsClient = new DnsClient();
    private final FileSystem files = new FileSystem();
    private final ScheduledTasks scheduledTasks = new ScheduledTasks();
    private final LocalAccounts localAccounts = new LocalAccounts();
    private final DomainDirectory domainDirectory;
    private final AccountPolicy accountPolicy;
    private final BitLocker bitLocker = new BitLocker();
    private final UpdateHistory updates = new UpdateHistory();
    private final TimeService time;
    private final EventLogs eventLogs = new EventLogs(registry);
    private final CertificateStore certificates = new CertificateStore();
    private final Backups backups;
    private final Volumes volumes = new Volumes();
    private final SmbServer smb = new SmbServer(registry);
    /** The domain controller a member authenticates domain accounts against and syncs its clock from. */
    private volatile WindowsHost domainController;

    WindowsHost(String name, HostRole role, DisplayLanguage language, Clock clock, List<Account> accounts) {
        this.name = name.toUpperCase(Locale.ROOT);
        this.role = role;
        this.language = language;
        this.clock = clock;
        this.accounts = List.copyOf(accounts);
        this.defender = new Defender(clock.instant());
        this.domainDirectory = role == HostRole.DOMAIN_CONTROLLER ? new DomainDirectory(DNS_DOMAIN) : null;
        this.accountPolicy = new AccountPolicy(new AccountPolicy.Password(14, true, 90, 1, 24),
                new AccountPolicy.Lockout(5, 30, 30));
        this.time = new TimeService("", clock.instant(), 0);
        this.backups = new Backups(clock.instant(), 1);
    }

    /** A compliant domain controller of NVDENTAL. */
    public static WindowsHost domainController(String name) {
        return HostPresets.build(name, HostRole.DOMAIN_CONTROLLER, DisplayLanguage.EN_US, Clock.systemUTC());
    }

    /** A compliant domain-joined Windows 11 workstation. */
    public static WindowsHost workstation(String name) {
        return HostPresets.build(name, HostRole.WORKSTATION, DisplayLanguage.EN_US, Clock.systemUTC());
    }

    /** A compliant domain-joined Server Core member server. */
    public static WindowsHost serverCore(String name) {
        return HostPresets.build(name, HostRole.SERVER_CORE, DisplayLanguage.EN_US, Clock.systemUTC());
    }

    /** Any preset with an explicit clock (dates of patches, backups, certificates follow it). */
    public static WindowsHost preset(String name, HostRole role, Clock clock) {
        return HostPresets.build(name, role, DisplayLanguage.EN_US, clock);
    }

    /**
     * Any preset installed in a display language: on a de-DE host the built-in local accounts and groups have their
     * German names and w32tm, auditpol and net print German.
     *
     * @throws IllegalArgumentException for a de-DE domain controller (a German domain's names are not modelled)
     */
    public static WindowsHost preset(String name, HostRole role, DisplayLanguage language, Clock clock) {
        return HostPresets.build(name, role, language, clock);
    }

    public String name() {
        return name;
    }

    public HostRole role() {
        return role;
    }

    /** The display language Windows was installed in. */
    public DisplayLanguage language() {
        return language;
    }

    public String domain() {
        return DOMAIN;
    }

    public String dnsDomain() {
        return DNS_DOMAIN;
    }

    public Clock clock() {
        return clock;
    }

    /** Credentials accepted over WinRM. */
    public List<Account> accounts() {
        return accounts;
    }

    /**
     * Joins this member to the domain of that domain controller (the lab does it for its hosts): domain logons
     * then depend on the DC's clock ({@link KerberosClock}) and {@code w32tm /resync} takes the DC's time.
     */
    public void joinDomainController(WindowsHost dc) {
        if (!dc.isDomainController() || dc == this) {
            throw new IllegalArgumentException(dc.name() + " is not another host's domain controller");
        }
        this.domainController = dc;
    }

    /** The domain controller of this host: itself on a DC, the joined one on a member, empty when none is modelled. */
    public Optional<WindowsHost> domainControllerHost() {
        return isDomainController() ? Optional.of(this) : Optional.ofNullable(domainController);
    }

    /**
     * What {@code w32tm /resync} does (the lab's own time sync calls it too): a member syncing from its domain
     * hierarchy takes the joined DC's time, skewed or not; any other source gives true time. Returns false, changing
     * nothing, when the source is the local CMOS clock (Windows: "no time data was available").
     */
    public boolean resyncTime() {
        String source = time.source();
        if (source.equalsIgnoreCase(TimeService.LOCAL_CMOS_CLOCK)) {
            return false;
        }
        WindowsHost dc = domainController;
        if (!isDomainController() && dc != null && source.toUpperCase(Locale.ROOT).startsWith(dc.name())) {
            time.resyncTo(clock.instant(), dc.time().offsetSeconds());
        } else {
            time.resync(clock.instant());
        }
        return true;
    }

    public boolean isDomainController() {
        return role == HostRole.DOMAIN_CONTROLLER;
    }

    public Registry registry() {
        return registry;
    }

    public Firewall firewall() {
        return firewall;
    }

    /** The firewall rules, read from and written to the registry where Windows keeps them. */
    public FirewallRules firewallRules() {
        return new FirewallRules(registry);
    }

    public Services services() {
        return services;
    }

    public Defender defender() {
        return defender;
    }

    public AuditPolicy auditPolicy() {
        return auditPolicy;
    }

    public DnsClient dnsClient() {
        return dnsClient;
    }

    public FileSystem files() {
        return files;
    }

    public ScheduledTasks scheduledTasks() {
        return scheduledTasks;
    }

    public LocalAccounts localAccounts() {
        return localAccounts;
    }

    /** Present on a domain controller only. */
    public Optional<DomainDirectory> domainDirectory() {
        return Optional.ofNullable(domainDirectory);
    }

    public AccountPolicy accountPolicy() {
        return accountPolicy;
    }

    public BitLocker bitLocker() {
        return bitLocker;
    }

    public UpdateHistory updates() {
        return updates;
    }

    public TimeService time() {
        return time;
    }

    public EventLogs eventLogs() {
        return eventLogs;
    }

    public CertificateStore certificates() {
        return certificates;
    }

    public Backups backups() {
        return backups;
    }

    public Volumes volumes() {
        return volumes;
    }

    public SmbServer smb() {
        return smb;
    }
}
