package dev.osiris.lab.windows.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class WindowsHostPresetsTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    private static long dword(WindowsHost h, String key, String name) {
        return h.registry().value(key, name).map(RegistryValue::asLong).orElseThrow();
    }

    @ParameterizedTest
    @EnumSource(HostRole.class)
    void everyPresetStartsCompliant(HostRole role) {
        WindowsHost h = WindowsHost.preset("HOST01", role, Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(h.firewall().allEnabled()).isTrue();
        assertThat(h.firewall().profiles()).allMatch(p -> p.defaultInboundAction() == Firewall.Action.BLOCK);
        assertThat(h.services().isRunning("WinDefend")).isTrue();
        assertThat(h.defender().realtimeMonitoringDisabled()).isFalse();
        assertThat(Duration.between(h.defender().signatureLastUpdated(), NOW)).isLessThan(Duration.ofDays(1));
        assertThat(h.smb().smb1Enabled()).isFalse();
        assertThat(h.smb().requireSecuritySignature()).isTrue();
        assertThat(dword(h, PolicyKeys.DNS_CLIENT_POLICY, "EnableMulticast")).isZero();
        assertThat(dword(h, PolicyKeys.LSA, "LmCompatibilityLevel")).isEqualTo(5);
        assertThat(dword(h, PolicyKeys.RDP_TCP, "UserAuthentication")).isEqualTo(1);
        assertThat(dword(h, PolicyKeys.SYSTEM_POLICIES, "InactivityTimeoutSecs")).isLessThanOrEqualTo(900);
        assertThat(dword(h, PolicyKeys.SCRIPT_BLOCK_LOGGING, "EnableScriptBlockLogging")).isEqualTo(1);
        assertThat(h.localAccounts().user("Guest").orElseThrow().enabled()).isFalse();
        assertThat(h.accountPolicy().password().minLength()).isGreaterThanOrEqualTo(12);
        assertThat(h.accountPolicy().password().complexity()).isTrue();
        assertThat(h.accountPolicy().lockout().threshold()).isBetween(1, 10);
        for (String sub : List.of("Logon", "User Account Management", "Audit Policy Change", "Sensitive Privilege Use")) {
            AuditPolicy.Setting s = h.auditPolicy().get(sub).orElseThrow();
            assertThat(s.success() && s.failure()).as(sub).isTrue();
        }
        assertThat(h.eventLogs().get("Security").orElseThrow().maxSizeBytes()).isGreaterThanOrEqualTo(192L * 1024 * 1024);
        assertThat(h.dnsClient().all()).allMatch(i -> i.serverAddresses().equals(WindowsHost.SITE_DNS_SERVERS));
        assertThat(h.files().read(FileSystem.HOSTS).orElseThrow().lines()).allMatch(l -> l.isBlank() || l.startsWith("#"));
        assertThat(h.registry().key(PolicyKeys.RUN).orElseThrow().values()).extracting(RegistryValue::name)
                .containsExactly("SecurityHealth");
        assertThat(h.localAccounts().members("Administrators").orElseThrow()).extracting(LocalAccounts.Member::name)
                .containsExactly("HOST01\\Administrator", "NVDENTAL\\Domain Admins");
        assertThat(h.bitLocker().get("C:").orElseThrow().protectionOn()).isTrue();
        assertThat(h.updates().all()).anyMatch(f -> Duration.between(f.installedOn(), NOW).toDays() < 30);
        assertThat(Duration.between(h.backups().lastSuccessfulBackup(), NOW)).isLessThan(Duration.ofHours(24));
        assertThat(h.certificates().all()).allMatch(c -> Duration.between(NOW, c.notAfter()).toDays() > 30);
        assertThat(Math.abs(h.time().offsetSeconds())).isLessThan(1.0);
        assertThat(h.volumes().all()).allMatch(v -> v.freePercent() > 15);
        assertThat(h.accounts()).containsExactly(WindowsHost.LOCAL_ACCOUNT, WindowsHost.DOMAIN_ACCOUNT);
        assertThat(h.domainDirectory().isPresent()).isEqualTo(role == HostRole.DOMAIN_CONTROLLER);
    }

    @Test
    void accountsMatchTheLoginFormsWindowsAccepts() {
        Account local = WindowsHost.LOCAL_ACCOUNT;
        assertThat(local.matches("", "OSIRIS", "NVWS01")).isTrue();
        assertThat(local.matches(".", "osiris", "NVWS01")).isTrue();
        assertThat(local.matches("nvws01", "osiris", "NVWS01")).isTrue();
        assertThat(local.matches("NVDENTAL", "osiris", "NVWS01")).isFalse();
        Account domain = WindowsHost.DOMAIN_ACCOUNT;
        assertThat(domain.matches("NVDENTAL", "osiris-svc", "NVWS01")).isTrue();
        assertThat(domain.matches("nvdental.local", "osiris-svc", "NVWS01")).isTrue();
        assertThat(domain.matches("OTHER", "osiris-svc", "NVWS01")).isFalse();
    }

    @Test
    void registryPathsInEverySpellingReachTheSameKey() {
        Registry r = new Registry();
        r.put("HKLM:\\SOFTWARE\\Acme", RegistryValue.dword("On", 1));
        assertThat(r.value("HKEY_LOCAL_MACHINE\\software\\ACME", "on")).isPresent();
        assertThat(r.value("Registry::HKLM\\SOFTWARE\\Acme", "On")).isPresent();
        assertThat(r.key("HKLM\\SOFTWARE\\Acme").orElseThrow().path()).isEqualTo("HKEY_LOCAL_MACHINE\\SOFTWARE\\Acme");
        assertThat(r.createKey("HKLM\\SOFTWARE\\Missing\\Child", false)).isFalse();
        assertThat(r.removeKey("HKLM\\SOFTWARE", false)).isFalse();
    }

    @Test
    void componentsAreSafeUnderConcurrentWriters() throws Exception {
        WindowsHost h = WindowsHost.workstation("NVWS01");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        for (int i = 0; i < 2000; i++) {
            int n = i;
            pool.execute(() -> {
                h.registry().put("HKLM\\SOFTWARE\\Load\\K" + (n % 50), RegistryValue.dword("V" + n, n));
                h.firewall().setEnabled("Domain", n % 2 == 0);
                h.auditPolicy().set("Logon", n % 2 == 0, true);
            });
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        assertThat(h.registry().key("HKLM\\SOFTWARE\\Load").orElseThrow().subKeys()).hasSize(50);
        int values = 0;
        for (int k = 0; k < 50; k++) {
            values += h.registry().key("HKLM\\SOFTWARE\\Load\\K" + k).orElseThrow().values().size();
        }
        assertThat(values).isEqualTo(2000);
    }
}
