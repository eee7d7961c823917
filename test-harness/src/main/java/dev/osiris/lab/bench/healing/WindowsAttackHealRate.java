package dev.osiris.lab.bench.healing;

import dev.osiris.agent.heal.DriftSignature;
import dev.osiris.agent.heal.HealDecider;
import dev.osiris.agent.heal.HealPlan;
import dev.osiris.agent.heal.Knowledge;
import dev.osiris.agent.remote.KnownHosts;
import dev.osiris.agent.remote.RemoteConfig;
import dev.osiris.agent.remote.RemoteShell;
import dev.osiris.agent.remote.RemoteShells;
import dev.osiris.agent.remote.ScriptResult;
import dev.osiris.agent.runbook.RunbookRunner;
import dev.osiris.lab.runbooks.Attack;
import dev.osiris.lab.windows.WinRmEmulator;
import dev.osiris.lab.windows.WinRmEmulatorConfig;
import dev.osiris.lab.windows.WindowsLabBaseline;
import dev.osiris.lab.windows.model.HostRole;
import dev.osiris.lab.windows.model.WindowsHost;
import dev.osiris.protocol.checkin.HealingMode;
import dev.osiris.protocol.checkin.Secret;
import dev.osiris.protocol.checkin.Target;
import dev.osiris.protocol.checkin.Transport;
import dev.osiris.protocol.runbook.Baseline;
import dev.osiris.protocol.runbook.Platform;
import dev.osiris.protocol.runbook.Runbook;
import dev.osiris.protocol.runbook.RunbookCatalog;
import dev.osiris.protocol.runbook.Verdict;
import io.vertx.core.Vertx;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The heal rate over every Windows attack in {@code chaos-lab/attacks/windows}: each runs over WinRM on a fresh
 * emulated host of the preset that has what its runbook checks (in this JVM), then the runbook detects, the agent's
 * decision table ({@link HealDecider}, full-coverage mode) decides, and the decision is carried out: a heal is
 * remediate + verify, anything else an escalation with its reason. Each attack ends detected and healed and verified,
 * escalated with a reason, or missed (not detected). Part of {@code ./osiris bench healing}.
 */
public final class WindowsAttackHealRate {

    /** What became of one attack. */
    public enum Result { HEALED, ESCALATED, MISSED }

    public record Outcome(Attack attack, Result result, String reason) {
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Vertx vertx;
    private final RunbookCatalog catalog;
    private final RunbookRunner runner;
    private final Baseline baseline = WindowsLabBaseline.baseline();

    public WindowsAttackHealRate(Vertx vertx, RunbookCatalog catalog) {
        this.vertx = vertx;
        this.catalog = catalog;
        this.runner = new RunbookRunner(catalog);
    }

    /** Every attack, one fresh host each. */
    public List<Outcome> run(List<Attack> attacks) {
        RemoteShells shells = new RemoteShells(vertx, RemoteConfig.DEFAULTS.withOperationTimeout(Duration.ofSeconds(10))
                .withConnectTimeout(Duration.ofSeconds(5)), KnownHosts.inMemory());
        try {
            List<Outcome> out = new ArrayList<>();
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

    private Outcome one(RemoteShells shells, Attack attack) {
        Runbook runbook = catalog.find(attack.runbook()).orElseThrow(() -> new IllegalStateException(
                attack.name() + ": runbook " + attack.runbook() + " is not in the catalog"));
        WinRmEmulator host = start(role(runbook.id()));
        try {
            RemoteShell shell = shells.open(target(host)).await();
            try {
                return decide(shell, host, runbook, attack);
            } finally {
                shell.close().await();
            }
        } finally {
            host.close().await();
        }
    }

    private Outcome decide(RemoteShell shell, WinRmEmulator host, Runbook runbook, Attack attack) {
        ScriptResult ran = runner.runScript(shell, target(host), attack.name(), attack.script(), TIMEOUT).await();
        if (!ran.stderr().isBlank()) {
            throw new IllegalStateException(attack.name() + " did not run cleanly: " + ran.stderr().strip());
        }
        Verdict verdict = detect(shell, host, runbook);
        if (!verdict.drifted()) {
            return new Outcome(attack, Result.MISSED, verdict.status().wire() + ": " + verdict.summary());
        }
        HealPlan plan = new HealDecider(catalog).decide(runbook, DriftSignature.of(verdict), HealingMode.FULL_COVERAGE,
                Knowledge.NONE, false, false, verdict.enforced(), Set.of());
        if (plan.action() != HealPlan.Action.HEAL) {
            return new Outcome(attack, Result.ESCALATED, plan.reason().wire());
        }
        runner.remediate(shell, target(host), plan.remedy(), baseline).await();
        Verdict after = runner.verify(shell, target(host), runbook, baseline).await();
        return after.compliant() ? new Outcome(attack, Result.HEALED, plan.reason().wire())
                : new Outcome(attack, Result.ESCALATED, HealPlan.Reason.HEAL_FAILED.wire() + " (" + after.summary() + ")");
    }

    private Verdict detect(RemoteShell shell, WinRmEmulator host, Runbook runbook) {
        return runner.detect(shell, target(host), List.of(runbook), baseline).await().get(runbook.id());
    }

    /** The figures, one line each, then one line per attack not healed. */
    public static List<String> report(List<Outcome> outcomes) {
        Map<Result, Integer> counts = new EnumMap<>(Result.class);
        Map<String, Integer> reasons = new TreeMap<>();
        for (Outcome o : outcomes) {
            counts.merge(o.result(), 1, Integer::sum);
            if (o.result() == Result.ESCALATED) {
                reasons.merge(o.reason().replaceFirst(" \\(.*", ""), 1, Integer::sum);
            }
        }
        List<String> lines = new ArrayList<>();
        int detected = outcomes.size() - counts.getOrDefault(Result.MISSED, 0);
        lines.add(String.format(Locale.ROOT, "  %d Windows attacks: %d detected, %d healed and verified, %d escalated with a "
                        + "reason %s, %d missed", outcomes.size(), detected, counts.getOrDefault(Result.HEALED, 0),
                counts.getOrDefault(Result.ESCALATED, 0), reasons, counts.getOrDefault(Result.MISSED, 0)));
        outcomes.stream().filter(o -> o.result() != Result.HEALED)
                .forEach(o -> lines.add("    " + o.result().name().toLowerCase(Locale.ROOT) + " " + o.attack().name()
                        + ": " + o.reason()));
        return lines;
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
