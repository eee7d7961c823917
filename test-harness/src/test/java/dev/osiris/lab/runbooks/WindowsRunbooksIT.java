package dev.osiris.lab.runbooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osiris.agent.heal.DriftSignature;
import dev.osiris.agent.heal.HealDecider;
import dev.osiris.agent.heal.HealPlan;
import dev.osiris.agent.heal.Knowledge;
import dev.osiris.agent.runbook.DetectBatch;
import dev.osiris.agent.runbook.RunbookRunner;
import dev.osiris.agent.remote.KnownHosts;
import dev.osiris.agent.remote.RemoteConfig;
import dev.osiris.agent.remote.RemoteShell;
import dev.osiris.agent.remote.RemoteShells;
import dev.osiris.agent.remote.ScriptResult;
import dev.osiris.lab.windows.WinRmEmulator;
import dev.osiris.lab.windows.WinRmEmulatorConfig;
import dev.osiris.lab.windows.WindowsLabBaseline;
import dev.osiris.lab.windows.model.HostRole;
import dev.osiris.lab.windows.model.WindowsHost;
import dev.osiris.protocol.checkin.HealingMode;
import dev.osiris.protocol.checkin.Target;
import dev.osiris.protocol.runbook.Baseline;
import dev.osiris.protocol.runbook.Platform;
import dev.osiris.protocol.runbook.Runbook;
import dev.osiris.protocol.runbook.RunbookCatalog;
import dev.osiris.protocol.runbook.Verdict;
import dev.osiris.testing.Await;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every Windows runbook of the catalog against the emulated lab hosts, over the agent's own WinRM adapter: the
 * compliant preset is COMPLIANT, each of the runbook's chaos attacks (run as a script over WinRM) makes it DRIFTED,
 * and for an auto runbook remediate + verify make it COMPLIANT again. A runbook without an attack fails here.
 *
 * <p>One emulator per preset (started on first use) serves the auto runbooks: each test leaves its host compliant
 * again. An attack on an escalate or detect-only runbook leaves drift nobody heals, so it runs on a fresh host of the
 * same preset.
 */
class WindowsRunbooksIT {

    /** The lab site's baseline (see WINDOWS-EMULATOR.md, "Lab baseline"). */
    static final Baseline LAB_BASELINE = WindowsLabBaseline.baseline();

    /** Where a runbook is exercised when not on the workstation: the preset that has what it checks. */
    private static final Map<String, List<HostRole>> PRESETS = Map.of(
            "RB-WIN-BACKUP-001", List.of(HostRole.SERVER_CORE),
            "RB-WIN-SERVICES-001", List.of(HostRole.DOMAIN_CONTROLLER, HostRole.WORKSTATION),
            "RB-WIN-AUTOSVC-001", List.of(HostRole.DOMAIN_CONTROLLER, HostRole.WORKSTATION),
            "RB-WIN-ADMINS-001", List.of(HostRole.WORKSTATION, HostRole.DOMAIN_CONTROLLER),
            "RB-WIN-TIME-001", List.of(HostRole.WORKSTATION, HostRole.DOMAIN_CONTROLLER),
            "RB-WIN-CERT-001", List.of(HostRole.SERVER_CORE),
            "RB-WIN-PATCH-001", List.of(HostRole.SERVER_CORE));
    private static final Duration ATTACK_TIMEOUT = Duration.ofSeconds(60);

    private static final RunbookCatalog CATALOG = RunbookCatalog.builtIn();
    private static final Attacks ATTACKS = Attacks.load();

    private static Vertx vertx;
    private static RemoteShells shells;
    private static RunbookRunner runner;
    private static final Map<HostRole, WinRmEmulator> shared = new EnumMap<>(HostRole.class);

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        shells = new RemoteShells(vertx, RemoteConfig.DEFAULTS.withOperationTimeout(Duration.ofSeconds(5))
                .withConnectTimeout(Duration.ofSeconds(5)), KnownHosts.inMemory());
        runner = new RunbookRunner(CATALOG);
    }

    @AfterEach
    void everyShellIsDeleted() {
        shared.values().forEach(e -> assertThat(e.openShells()).isZero());
    }

    @AfterAll
    static void stop() {
        shells.close();
        shared.values().forEach(e -> Await.result(e.close()));
        Await.result(vertx.close());
    }

    static Stream<Arguments> windowsRunbooks() {
        return CATALOG.forPlatform(Platform.WINDOWS).stream().flatMap(r -> PRESETS
                .getOrDefault(r.id(), List.of(HostRole.WORKSTATION)).stream().map(role -> Arguments.of(r.id(), role)));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("windowsRunbooks")
    void eachAttackIsDetectedAndAutoRunbooksHealIt(String id, HostRole role) {
        Runbook runbook = CATALOG.find(id).orElseThrow();
        List<Attack> attacks = ATTACKS.forRunbook(id);
        assertThat(attacks).as("every runbook has at least one attack in chaos-lab/attacks/windows").isNotEmpty();
        for (Attack attack : attacks) {
            if (attack.enforced()) {
                WinRmEmulator fresh = startEmulator(role);
                try {
                    attackEnforcedByPolicy(fresh, runbook, attack);
                } finally {
                    Await.result(fresh.close());
                }
            } else if (runbook.autoHealable()) {
                attackAndHeal(shared.computeIfAbsent(role, WindowsRunbooksIT::startEmulator), runbook, attack);
            } else {
                WinRmEmulator fresh = startEmulator(role);
                try {
                    attackOnly(fresh, runbook, attack);
                } finally {
                    Await.result(fresh.close());
                }
            }
        }
    }

    @Test
    void oneBatchedDetectOfEveryWindowsRunbookFindsEachPresetCompliant() {
        List<Runbook> all = CATALOG.forPlatform(Platform.WINDOWS);
        for (HostRole role : HostRole.values()) {
            WinRmEmulator fresh = startEmulator(role);
            try {
                // RunbookRunner.detect sends the whole batch as one script through one shell
                Map<String, Verdict> verdicts = withShell(fresh, shell ->
                        Await.result(runner.detect(shell, target(fresh), all, LAB_BASELINE)));
                assertThat(verdicts.keySet()).containsExactlyInAnyOrderElementsOf(all.stream().map(Runbook::id).toList());
                verdicts.forEach((rb, v) -> assertThat(v.status()).as(role + " " + rb + ": " + v.summary() + " " + v.observed())
                        .isIn(Verdict.Status.COMPLIANT, Verdict.Status.NOT_APPLICABLE));
            } finally {
                Await.result(fresh.close());
            }
        }
    }

    /** The domain's account policy lives in the Default Domain Policy GPO: a local fix on a DC would be undone. */
    @Test
    void onADomainControllerAccountPolicyDriftIsLeftToAHuman() {
        for (String id : List.of("RB-WIN-PASSWORD-001", "RB-WIN-LOCKOUT-001")) {
            Runbook runbook = CATALOG.find(id).orElseThrow();
            WinRmEmulator dc = startEmulator(HostRole.DOMAIN_CONTROLLER);
            try {
                withShell(dc, shell -> {
                    runAttack(shell, dc, ATTACKS.forRunbook(id).getFirst());
                    assertThat(detect(shell, dc, runbook).status()).isEqualTo(Verdict.Status.DRIFTED);
                    ScriptResult r = Await.result(runner.remediate(shell, target(dc), runbook, LAB_BASELINE));
                    assertThat(r.exitCode()).as(id).isEqualTo(1);
                    assertThat(r.stdout()).contains("Default Domain Policy");
                    assertThat(detect(shell, dc, runbook).status()).isEqualTo(Verdict.Status.DRIFTED);
                    return null;
                });
            } finally {
                Await.result(dc.close());
            }
        }
    }

    /**
     * A heal is verified only when the whole expectation holds: each case attacks more than a partial remediation
     * (the runbook's earlier, narrower one) restores, and verification must then say drifted, never compliant.
     */
    @ParameterizedTest(name = "{0}: {3}")
    @MethodSource("partialHeals")
    void aHealThatRestoresLessThanTheWholeExpectationIsNeverVerified(String id, HostRole role, String attack,
                                                                      String partialHeal) {
        Runbook runbook = CATALOG.find(id).orElseThrow();
        WinRmEmulator fresh = startEmulator(role);
        try {
            withShell(fresh, shell -> {
                assertThat(detect(shell, fresh, runbook).status()).isEqualTo(Verdict.Status.COMPLIANT);
                ScriptResult a = Await.result(runner.runScript(shell, target(fresh), id + ".attack", attack, ATTACK_TIMEOUT));
                assertThat(a.stderr()).as("attack").isEmpty();
                ScriptResult h = Await.result(runner.runScript(shell, target(fresh), id + ".partial", partialHeal, ATTACK_TIMEOUT));
                assertThat(h.stderr()).as("partial heal").isEmpty();
                Verdict after = Await.result(runner.verify(shell, target(fresh), runbook, LAB_BASELINE));
                assertThat(after.status()).as(id + ": " + after.observed()).isEqualTo(Verdict.Status.DRIFTED);
                return null;
            });
        } finally {
            Await.result(fresh.close());
        }
    }

    static Stream<Arguments> partialHeals() {
        return Stream.of(
                Arguments.of("RB-WIN-AUDIT-001", HostRole.WORKSTATION,
                        "auditpol /set /category:\"Logon/Logoff\" /success:disable /failure:disable",
                        "auditpol /set /subcategory:\"Logon\" /success:enable /failure:enable"),
                Arguments.of("RB-WIN-FIREWALL-001", HostRole.WORKSTATION,
                        "Set-NetFirewallProfile -All -Enabled False -DefaultInboundAction Allow",
                        "Set-NetFirewallProfile -All -Enabled True"),
                Arguments.of("RB-WIN-FIREWALL-001", HostRole.WORKSTATION,
                        "Set-NetFirewallProfile -All -Enabled False; "
                                + "New-NetFirewallRule -DisplayName 'Any in' -Direction Inbound -Action Allow | Out-Null",
                        "Set-NetFirewallProfile -Profile Domain,Private,Public -Enabled True -DefaultInboundAction Block"),
                Arguments.of("RB-WIN-DEFENDER-001", HostRole.WORKSTATION,
                        "Set-MpPreference -DisableRealtimeMonitoring $true -DisableBehaviorMonitoring $true; "
                                + "Add-MpPreference -ExclusionPath 'C:\\Users\\Public'",
                        "Set-MpPreference -DisableRealtimeMonitoring $false"),
                Arguments.of("RB-WIN-RUNKEY-001", HostRole.WORKSTATION,
                        "Set-ItemProperty 'HKLM:\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run' -Name A -Value 'C:\\Users\\Public\\a.exe'; "
                                + "Set-Content \"$env:ProgramData\\Microsoft\\Windows\\Start Menu\\Programs\\StartUp\\b.cmd\" 'b'",
                        "Remove-ItemProperty 'HKLM:\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run' -Name A"),
                Arguments.of("RB-WIN-DNS-001", HostRole.WORKSTATION,
                        "Set-DnsClientServerAddress -InterfaceAlias Ethernet -ServerAddresses '203.0.113.53','fd66::53'",
                        "Set-DnsClientServerAddress -InterfaceAlias Ethernet -ServerAddresses '10.20.0.10','10.20.0.11'"),
                Arguments.of("RB-WIN-ADMINS-001", HostRole.DOMAIN_CONTROLLER,
                        "Add-ADGroupMember -Identity 'Domain Admins' -Members osiris-svc; "
                                + "Add-ADGroupMember -Identity 'Backup Operators' -Members osiris-svc",
                        "Remove-ADGroupMember -Identity 'Domain Admins' -Members osiris-svc -Confirm:$false"),
                Arguments.of("RB-WIN-SCHTASK-001", HostRole.WORKSTATION,
                        "schtasks /create /tn \"\\Updater\" /tr \"C:\\ProgramData\\u.exe\" /sc onlogon /ru SYSTEM /f; "
                                + "schtasks /create /tn \"\\Microsoft\\Windows\\Maintenance\\Check\" /tr \"C:\\ProgramData\\c.exe\" /sc onstart /ru SYSTEM /f",
                        "Disable-ScheduledTask -TaskName Updater -TaskPath '\\' | Out-Null"));
    }

    @Test
    void theWholeWindowsBatchStaysSmall() {
        String batch = DetectBatch.compose(Platform.WINDOWS, CATALOG.forPlatform(Platform.WINDOWS), LAB_BASELINE);
        // uploaded in chunks (7000 base64 characters each, one WinRM command per chunk) through one shell on every
        // scan of every host. Reading the effective state (policy keys as well as local settings, every autostart
        // location) made it grow from 12 KB; keep it within four chunks
        assertThat(batch.length()).isLessThan(20_000);
    }

    private static void attackAndHeal(WinRmEmulator host, Runbook runbook, Attack attack) {
        withShell(host, shell -> {
            assertThat(detect(shell, host, runbook).status()).as(attack.name() + ": compliant before")
                    .isEqualTo(Verdict.Status.COMPLIANT);
            runAttack(shell, host, attack);
            Verdict drifted = detect(shell, host, runbook);
            assertThat(drifted.status()).as(attack.name() + ": " + drifted.observed()).isEqualTo(Verdict.Status.DRIFTED);
            assertThat(drifted.enforcedBy()).as(attack.name() + ": no policy enforces it").isEmpty();
            ScriptResult healed = Await.result(runner.remediate(shell, target(host), runbook, LAB_BASELINE));
            assertThat(healed.exitCode()).as(attack.name() + " remediate: " + healed.stdout() + healed.stderr()).isZero();
            Verdict verified = Await.result(runner.verify(shell, target(host), runbook, LAB_BASELINE));
            assertThat(verified.status()).as(attack.name() + " healed: " + verified.summary() + " " + verified.observed())
                    .isEqualTo(Verdict.Status.COMPLIANT);
            return null;
        });
    }

    /**
     * A drift a policy enforces: detect names the policy, the agent's decision is to escalate it, and the local
     * remediation (run anyway, as a careless heal would) does not make it verified: the policy still wins.
     */
    private static void attackEnforcedByPolicy(WinRmEmulator host, Runbook runbook, Attack attack) {
        withShell(host, shell -> {
            assertThat(detect(shell, host, runbook).status()).as(attack.name() + ": compliant before")
                    .isEqualTo(Verdict.Status.COMPLIANT);
            runAttack(shell, host, attack);
            Verdict drifted = detect(shell, host, runbook);
            assertThat(drifted.status()).as(attack.name() + ": " + drifted.observed()).isEqualTo(Verdict.Status.DRIFTED);
            assertThat(drifted.enforcedBy()).as(attack.name() + ": the policy is named").isNotEmpty();
            HealPlan plan = new HealDecider(CATALOG).decide(runbook, DriftSignature.of(drifted), HealingMode.FULL_COVERAGE,
                    Knowledge.NONE, false, false, drifted.enforced(), Set.of());
            assertThat(plan.reason()).as(attack.name()).isEqualTo(HealPlan.Reason.ENFORCED_BY_POLICY);
            if (runbook.autoHealable()) {
                Await.result(runner.remediate(shell, target(host), runbook, LAB_BASELINE));
                Verdict after = Await.result(runner.verify(shell, target(host), runbook, LAB_BASELINE));
                assertThat(after.status()).as(attack.name() + ": a local heal cannot win over the policy, so it is never verified")
                        .isEqualTo(Verdict.Status.DRIFTED);
                assertThat(after.enforcedBy()).isEqualTo(drifted.enforcedBy());
            }
            return null;
        });
    }

    private static void attackOnly(WinRmEmulator host, Runbook runbook, Attack attack) {
        withShell(host, shell -> {
            assertThat(detect(shell, host, runbook).status()).as(attack.name() + ": compliant before")
                    .isEqualTo(Verdict.Status.COMPLIANT);
            runAttack(shell, host, attack);
            Verdict drifted = detect(shell, host, runbook);
            assertThat(drifted.status()).as(attack.name() + ": " + drifted.observed()).isEqualTo(Verdict.Status.DRIFTED);
            assertThat(runbook.remediate()).as(runbook.id() + " (" + runbook.heal().wire() + ") has no remediation").isNull();
            assertThat(Await.failure(runner.remediate(shell, target(host), runbook, LAB_BASELINE)))
                    .isInstanceOf(IllegalArgumentException.class);
            return null;
        });
    }

    private static void runAttack(RemoteShell shell, WinRmEmulator host, Attack attack) {
        ScriptResult r = Await.result(runner.runScript(shell, target(host), attack.name(), attack.script(), ATTACK_TIMEOUT));
        // natives may exit non-zero by design (wusa: 3010 reboot required); what failed in PowerShell is on stderr
        assertThat(r.stderr()).as(attack.name() + " ran cleanly").isEmpty();
    }

    private static Verdict detect(RemoteShell shell, WinRmEmulator host, Runbook runbook) {
        return Await.result(runner.detect(shell, target(host), List.of(runbook), LAB_BASELINE)).get(runbook.id());
    }

    private static <T> T withShell(WinRmEmulator host, Function<RemoteShell, T> body) {
        RemoteShell shell = Await.result(shells.open(target(host)));
        try {
            return body.apply(shell);
        } finally {
            Await.result(shell.close());
        }
    }

    private static WinRmEmulator startEmulator(HostRole role) {
        String name = switch (role) {
            case DOMAIN_CONTROLLER -> "NVDC01";
            case WORKSTATION -> "NVWS01";
            case SERVER_CORE -> "NVSRV01";
        };
        WindowsHost host = WindowsHost.preset(name, role, Clock.systemUTC());
        return Await.result(WinRmEmulator.start(vertx, WinRmEmulatorConfig.builder(host).httpPort(-1).httpsPort(0).build()));
    }

    private static Target target(WinRmEmulator host) {
        return EmulatedTargets.target(host);
    }
}
