package dev.osiris.agent.drift;

import dev.osiris.agent.heal.FlapDetector;
import dev.osiris.agent.heal.HealPlan;
import dev.osiris.agent.heal.HealResult;
import dev.osiris.agent.heal.Healer;
import dev.osiris.agent.heal.HealingFixture;
import dev.osiris.agent.heal.HealingPolicy;
import dev.osiris.agent.heal.LearnedKnowledge;
import dev.osiris.agent.heal.SqliteHealingStore;
import dev.osiris.agent.privacy.PhiScrubber;
import dev.osiris.agent.remote.RemoteFailure;
import dev.osiris.agent.remote.RemoteShell;
import dev.osiris.agent.remote.ScriptedRemoteShell;
import dev.osiris.agent.runbook.HostShells;
import dev.osiris.agent.runbook.RunbookRunner;
import dev.osiris.protocol.checkin.HealingMode;
import dev.osiris.protocol.checkin.Target;
import dev.osiris.protocol.evidence.EvidenceRecord;
import dev.osiris.protocol.runbook.Baseline;
import dev.osiris.protocol.runbook.Verdict;
import io.vertx.core.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.osiris.agent.heal.HealingFixture.COMPLIANT;
import static dev.osiris.agent.heal.HealingFixture.DRIFTED;
import static dev.osiris.agent.heal.HealingFixture.FIREWALL;
import static dev.osiris.agent.heal.HealingFixture.TASKS;
import static dev.osiris.testing.Await.await;
import static dev.osiris.agent.remote.ScriptedRemoteShell.detected;
import static dev.osiris.agent.remote.ScriptedRemoteShell.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** One host's scan through the drift engine, on scripted shells and a real agent database and evidence chain. */
class DriftEngineTest {

    static final String DETECT = "detect-batch";
    static final String REMEDIATE = "remediate-" + FIREWALL.id();

    @TempDir
    Path dir;
    HealingFixture f;
    final Target ws01 = HealingFixture.windows("cred-ws01", "ws01.clinic.local");
    /** The shells the engine opens, in order; once empty, opening fails as a refused connection. */
    final Deque<ScriptedRemoteShell> shells = new ArrayDeque<>();
    int opens;
    DriftPolicy policy = new DriftPolicy(Set.of(FIREWALL.id(), TASKS.id()), Duration.ofMinutes(15), HealingMode.STANDARD,
            false, Baseline.EMPTY);

    @BeforeEach
    void open() throws Exception {
        f = HealingFixture.open(dir);
    }

    @AfterEach
    void close() throws Exception {
        f.close();
    }

    HostShells opener() {
        return target -> {
            synchronized (shells) {
                opens++;
                ScriptedRemoteShell next = shells.pollFirst();
                return next == null
                        ? Future.failedFuture(new RemoteFailure(RemoteFailure.Reason.CONNECT_REFUSED, target.host() + ":5986"))
                        : Future.<RemoteShell>succeededFuture(next);
            }
        };
    }

    DriftEngine engine() throws Exception {
        RunbookRunner runner = new RunbookRunner(HealingFixture.CATALOG);
        HealingPolicy base = new HealingPolicy(HealingMode.STANDARD, false, 1, Duration.ofSeconds(10));
        Healer healer = new Healer(runner, new LearnedKnowledge(3, List.of()), new FlapDetector(3, Duration.ofHours(1)),
                f.store, f.incidents, f.evidence, f.entries(), f.clock, f.delay, () -> base.withSite(policy.mode(), policy.dryRun()));
        SqliteHealingStore.Remembered remembered = await(f.store.remembered(HealingFixture.T0.minus(Duration.ofHours(1))));
        return new DriftEngine(opener(), runner, healer, f.store, f.evidence, new DriftEvidence(f.clock, PhiScrubber.defaults()),
                f.clock, () -> policy, remembered);
    }

    HostScan scan(DriftEngine engine) throws Exception {
        return f.onLoop(() -> engine.scan(ws01));
    }

    /** The outcomes of the detection records (the per-scan record and those of single checks), oldest first. */
    List<String> detectOutcomes() throws Exception {
        return f.records().stream().filter(r -> r.kind().equals("detect")).map(r -> r.checkId() + " " + r.outcome()).toList();
    }

    @Test
    void aScanDetectsEveryCheckInOneBatchHealsTheDriftedOneOnTheSameShellAndClosesIt() throws Exception {
        ScriptedRemoteShell shell = new ScriptedRemoteShell("ws01")
                .on(DETECT, script -> {
                    f.clock.advance(Duration.ofSeconds(2)); // the host takes two seconds to answer
                    return detected(Map.of(FIREWALL.id(), DRIFTED, TASKS.id(), COMPLIANT)).to(script);
                }, detected(FIREWALL.id(), COMPLIANT))
                .on(REMEDIATE, ok(""));
        shells.add(shell);

        HostScan scan = scan(engine());

        assertThat(scan.reached()).isTrue();
        assertThat(scan.verdicts()).extractingFromEntries(Map.Entry::getKey, e -> e.getValue().status())
                .containsExactlyInAnyOrder(tuple(FIREWALL.id(), Verdict.Status.DRIFTED), tuple(TASKS.id(), Verdict.Status.COMPLIANT));
        assertThat(scan.heals()).containsExactly(new HealResult(FIREWALL.id(), HealResult.Outcome.HEALED, HealPlan.Tier.L1,
                HealPlan.Reason.STANDARD_RULE));
        assertThat(scan.detectDuration()).as("measured on the injected clock").isEqualTo(Duration.ofSeconds(2));
        assertThat(opens).isEqualTo(1);
        assertThat(shell.ranNames()).containsExactly(DETECT, REMEDIATE, DETECT);
        assertThat(shell.closed()).isTrue();
        assertThat(await(f.store.states())).extracting(SqliteHealingStore.CheckState::runbookId, SqliteHealingStore.CheckState::status)
                .containsExactly(tuple(FIREWALL.id(), Verdict.Status.COMPLIANT), tuple(TASKS.id(), Verdict.Status.COMPLIANT));
        assertThat(detectOutcomes()).as("a compliant check seen for the first time is not recorded on its own")
                .containsExactly("drift.scan findings", FIREWALL.id() + " drifted");
        assertThat(f.outcomes("verify")).containsExactly("verified");
    }

    @Test
    void aScanThatFindsNothingChangedRecordsOnlyTheScan() throws Exception {
        shells.add(new ScriptedRemoteShell("ws01").on(DETECT, detected(Map.of(FIREWALL.id(), COMPLIANT, TASKS.id(), COMPLIANT))));
        shells.add(new ScriptedRemoteShell("ws01").on(DETECT, detected(Map.of(FIREWALL.id(), COMPLIANT, TASKS.id(), DRIFTED))));
        DriftEngine engine = engine();

        scan(engine);
        List<String> first = detectOutcomes();
        HostScan second = scan(engine);

        assertThat(first).containsExactly("drift.scan compliant");
        assertThat(detectOutcomes()).containsExactly("drift.scan compliant", "drift.scan findings", TASKS.id() + " drifted");
        assertThat(second.heals()).as("TASKS is not in the standard subset").extracting(HealResult::outcome)
                .containsExactly(HealResult.Outcome.ESCALATED);
    }

    @Test
    void aProtocolErrorIsRetriedOnAFreshShellAndATimeoutIsNot() throws Exception {
        ScriptedRemoteShell garbled = new ScriptedRemoteShell("ws01")
                .on(DETECT, ScriptedRemoteShell.failing(RemoteFailure.Reason.PROTOCOL, "sealed body does not open"));
        ScriptedRemoteShell fresh = new ScriptedRemoteShell("ws01")
                .on(DETECT, detected(Map.of(FIREWALL.id(), COMPLIANT, TASKS.id(), COMPLIANT)));
        shells.add(garbled);
        shells.add(fresh);
        DriftEngine engine = engine();

        assertThat(scan(engine).reached()).isTrue();
        assertThat(opens).isEqualTo(2);
        assertThat(garbled.closed()).isTrue();
        assertThat(fresh.closed()).isTrue();

        shells.add(new ScriptedRemoteShell("ws01").on(DETECT, ScriptedRemoteShell.timingOut()));
        opens = 0;
        HostScan timedOut = scan(engine);
        assertThat(timedOut.reached()).isFalse();
        assertThat(timedOut.error()).startsWith("timeout: detect-batch");
        assertThat(opens).as("a timeout is not retried").isEqualTo(1);
    }

    @Test
    void anUnreachableHostIsEvidencedOncePerChangeAlsoAcrossARestart() throws Exception {
        HostScan first = scan(engine());
        scan(engineAfterRestart());

        assertThat(first.error()).isEqualTo("connect_refused: ws01.clinic.local:5986");
        List<EvidenceRecord> unreachable = f.records().stream().filter(r -> r.outcome().equals("unreachable")).toList();
        assertThat(unreachable).hasSize(1);
        assertThat(await(f.store.remembered(HealingFixture.T0)).reached()).containsExactly(Map.entry(ws01.id(), false));

        shells.add(new ScriptedRemoteShell("ws01").on(DETECT, detected(Map.of(FIREWALL.id(), COMPLIANT, TASKS.id(), COMPLIANT))));
        assertThat(scan(engineAfterRestart()).reached()).isTrue();
        assertThat(await(f.store.remembered(HealingFixture.T0)).reached()).containsExactly(Map.entry(ws01.id(), true));
    }

    /** A new engine on the same database, as after the agent restarted. */
    DriftEngine engineAfterRestart() throws Exception {
        return engine();
    }

    @Test
    void aDryRunSiteDetectsAndEvidencesButRunsNoRemediation() throws Exception {
        policy = new DriftPolicy(policy.enabled(), policy.scanInterval(), policy.mode(), true, policy.baseline());
        ScriptedRemoteShell shell = new ScriptedRemoteShell("ws01")
                .on(DETECT, detected(Map.of(FIREWALL.id(), DRIFTED, TASKS.id(), COMPLIANT)));
        shells.add(shell);

        HostScan scan = scan(engine());

        assertThat(scan.heals()).extracting(HealResult::outcome).containsExactly(HealResult.Outcome.DRY_RUN);
        assertThat(shell.ranNames()).containsExactly(DETECT);
        assertThat(f.outcomes("heal")).containsExactly("dry-run");
        assertThat(await(f.store.states())).extracting(SqliteHealingStore.CheckState::runbookId, SqliteHealingStore.CheckState::status)
                .contains(tuple(FIREWALL.id(), Verdict.Status.DRIFTED));
    }
}
