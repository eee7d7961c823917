package dev.osiris.lab.bench.healing;

import dev.osiris.agent.heal.DriftSignature;
import dev.osiris.agent.heal.HealDecider;
import dev.osiris.agent.heal.HealPlan;
import dev.osiris.agent.heal.Knowledge;
import dev.osiris.agent.remote.RemoteShell;
import dev.osiris.agent.remote.ScriptResult;
import dev.osiris.agent.runbook.RunbookRunner;
import dev.osiris.lab.runbooks.Attack;
import dev.osiris.protocol.checkin.HealingMode;
import dev.osiris.protocol.checkin.Target;
import dev.osiris.protocol.runbook.Baseline;
import dev.osiris.protocol.runbook.Platform;
import dev.osiris.protocol.runbook.Runbook;
import dev.osiris.protocol.runbook.RunbookCatalog;
import dev.osiris.protocol.runbook.Verdict;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One attack on a fresh host, followed by what the agent does about it: the runbook detects, the agent's decision
 * table ({@link HealDecider}, full-coverage mode) decides, and the decision is carried out (a heal is remediate +
 * verify, anything else an escalation with its reason). Each attack ends healed and verified, escalated with a
 * reason, or missed (not detected). The platforms' heal rates ({@link WindowsAttackHealRate},
 * {@link LinuxAttackHealRate}) bring the hosts; this class does the rest and the counting.
 */
public final class AttackHealRate {

    /** What became of one attack. */
    public enum Result { HEALED, ESCALATED, MISSED }

    public record Outcome(Attack attack, Result result, String reason) {
    }

    private static final Duration ATTACK_TIMEOUT = Duration.ofSeconds(60);

    private final RunbookCatalog catalog;
    private final RunbookRunner runner;
    private final Baseline baseline;

    public AttackHealRate(RunbookCatalog catalog, Baseline baseline) {
        this.catalog = catalog;
        this.runner = new RunbookRunner(catalog);
        this.baseline = baseline;
    }

    /** The attack's runbook. @throws IllegalStateException if the catalog has none of that id */
    public Runbook runbookOf(Attack attack) {
        return catalog.find(attack.runbook()).orElseThrow(() -> new IllegalStateException(
                attack.name() + ": runbook " + attack.runbook() + " is not in the catalog"));
    }

    /**
     * Checks that the host is compliant, runs the attack through the shell, then detects and acts as the agent would.
     *
     * @throws IllegalStateException if the host drifted before the attack or the attack itself failed (either way
     *                               the outcome would prove nothing about detection)
     */
    public Outcome attackAndHeal(RemoteShell shell, Target target, Attack attack) {
        Runbook runbook = runbookOf(attack);
        Verdict before = detect(shell, target, runbook);
        if (before.status() != Verdict.Status.COMPLIANT && before.status() != Verdict.Status.NOT_APPLICABLE) {
            // a drift the host already had would be counted as this attack's
            throw new IllegalStateException(attack.name() + ": the fresh host is not compliant before the attack: "
                    + before.status().wire() + " " + before.summary());
        }
        ScriptResult ran = runner.runScript(shell, target, attack.name(), attack.script(), ATTACK_TIMEOUT).await();
        // Windows attacks are judged by stderr, where PowerShell reports a failed cmdlet (a native tool's exit code there
        // is not a verdict: RB-WIN-PATCH-001.recent-updates-uninstalled ends non-zero having done its work); Linux
        // attacks by their exit code (a tool's warning on stderr is no failure)
        if (attack.platform() == Platform.WINDOWS ? !ran.stderr().isBlank() : ran.exitCode() != 0) {
            throw new IllegalStateException(attack.name() + " did not run cleanly (exit " + ran.exitCode() + "): "
                    + ran.stderr().strip());
        }
        Verdict verdict = detect(shell, target, runbook);
        if (!verdict.drifted()) {
            return new Outcome(attack, Result.MISSED, verdict.status().wire() + ": " + verdict.summary());
        }
        HealPlan plan = new HealDecider(catalog).decide(runbook, DriftSignature.of(verdict), HealingMode.FULL_COVERAGE,
                Knowledge.NONE, false, false, verdict.enforced(), Set.of());
        if (plan.action() != HealPlan.Action.HEAL) {
            return new Outcome(attack, Result.ESCALATED, plan.reason().wire());
        }
        runner.remediate(shell, target, plan.remedy(), baseline).await();
        Verdict after = runner.verify(shell, target, runbook, baseline).await();
        return after.compliant() ? new Outcome(attack, Result.HEALED, plan.reason().wire())
                : new Outcome(attack, Result.ESCALATED, HealPlan.Reason.HEAL_FAILED.wire() + " (" + after.summary() + ")");
    }

    private Verdict detect(RemoteShell shell, Target target, Runbook runbook) {
        return runner.detect(shell, target, List.of(runbook), baseline).await().get(runbook.id());
    }

    /**
     * The figures in one line ({@code N Linux attacks: N detected, H healed and verified, E escalated with a reason
     * {...}, M missed}), then one line per attack not healed.
     */
    public static List<String> report(String platform, List<Outcome> outcomes) {
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
        lines.add(String.format(Locale.ROOT, "  %d %s attacks: %d detected, %d healed and verified, %d escalated with a "
                        + "reason %s, %d missed", outcomes.size(), platform, detected, counts.getOrDefault(Result.HEALED, 0),
                counts.getOrDefault(Result.ESCALATED, 0), reasons, counts.getOrDefault(Result.MISSED, 0)));
        outcomes.stream().filter(o -> o.result() != Result.HEALED)
                .forEach(o -> lines.add("    " + o.result().name().toLowerCase(Locale.ROOT) + " " + o.attack().name()
                        + ": " + o.reason()));
        return lines;
    }
}
