package dev.osiris.lab.bench.healing;

import dev.osiris.agent.remote.KnownHosts;
import dev.osiris.agent.remote.RemoteConfig;
import dev.osiris.agent.remote.RemoteShell;
import dev.osiris.agent.remote.RemoteShells;
import dev.osiris.lab.runbooks.Attack;
import dev.osiris.lab.windows.WinRmEmulator;
import dev.osiris.lab.windows.WinRmEmulatorConfig;
import dev.osiris.lab.windows.WindowsLabBaseline;
import dev.osiris.lab.windows.model.HostRole;
import dev.osiris.lab.windows.model.WindowsHost;
import dev.osiris.protocol.checkin.Secret;
import dev.osiris.protocol.checkin.Target;
import dev.osiris.protocol.checkin.Transport;
import dev.osiris.protocol.runbook.Platform;
import dev.osiris.protocol.runbook.RunbookCatalog;
import io.vertx.core.Vertx;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The heal rate over every Windows attack in {@code chaos-lab/attacks/windows}: each runs over WinRM on a fresh
 * emulated host of the preset that has what its runbook checks (in this JVM), then {@link AttackHealRate} detects,
 * decides and heals as the agent would. Part of {@code ./osiris bench healing}.
 */
public final class WindowsAttackHealRate {

    private final Vertx vertx;
    private final AttackHealRate rate;

    public WindowsAttackHealRate(Vertx vertx, RunbookCatalog catalog) {
        this.vertx = vertx;
        this.rate = new AttackHealRate(catalog, WindowsLabBaseline.baseline());
    }

    /** Every attack, one fresh host each. */
    public List<AttackHealRate.Outcome> run(List<Attack> attacks) {
        RemoteShells shells = new RemoteShells(vertx, RemoteConfig.DEFAULTS.withOperationTimeout(Duration.ofSeconds(10))
                .withConnectTimeout(Duration.ofSeconds(5)), KnownHosts.inMemory());
        try {
            List<AttackHealRate.Outcome> out = new ArrayList<>();
            for (Attack a : attacks) {
                if (a.platform() == Platform.WINDOWS) {
                    out.add(one(shells, a));
                }
            }
            return out;
        } finally {
            shells.close();
        }
    }

    private AttackHealRate.Outcome one(RemoteShells shells, Attack attack) {
        WinRmEmulator host = start(role(rate.runbookOf(attack).id()));
        try {
            RemoteShell shell = shells.open(target(host)).await();
            try {
                return rate.attackAndHeal(shell, target(host), attack);
            } finally {
                shell.close().await();
            }
        } finally {
            host.close().await();
        }
    }

    /** The preset that has what the runbook checks (servers for backup, certificates and patches). */
    static HostRole role(String runbookId) {
        return switch (runbookId) {
            case "RB-WIN-BACKUP-001", "RB-WIN-CERT-001", "RB-WIN-PATCH-001" -> HostRole.SERVER_CORE;
            default -> HostRole.WORKSTATION;
        };
    }

    private WinRmEmulator start(HostRole role) {
        WindowsHost host = WindowsHost.preset(role == HostRole.SERVER_CORE ? "NVSRV01" : "NVWS01", role, Clock.systemUTC());
        return WinRmEmulator.start(vertx, WinRmEmulatorConfig.builder(host).httpPort(-1).httpsPort(0).build()).await();
    }

    private static Target target(WinRmEmulator host) {
        return new Target(host.host().name().toLowerCase(Locale.ROOT), "127.0.0.1", Transport.WINRM, host.httpsPort(), true,
                "ntlm", WindowsHost.DOMAIN_ACCOUNT.domain() + "\\" + WindowsHost.DOMAIN_ACCOUNT.user(),
                new Secret(WindowsHost.DOMAIN_ACCOUNT.password()), host.certificateSha256());
    }
}
