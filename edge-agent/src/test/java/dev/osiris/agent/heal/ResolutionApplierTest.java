package dev.osiris.agent.heal;

import dev.osiris.agent.remote.RemoteFailure;
import dev.osiris.agent.remote.ScriptResult;
import dev.osiris.agent.remote.ScriptedRemoteShell;
import dev.osiris.agent.runbook.HostShells;
import dev.osiris.agent.runbook.RunbookRunner;
import dev.osiris.protocol.checkin.HealingMode;
import dev.osiris.protocol.checkin.Target;
import dev.osiris.protocol.evidence.EvidenceRecord;
import dev.osiris.protocol.json.Json;
import dev.osiris.protocol.runbook.Baseline;
import dev.osiris.protocol.runbook.Severity;
import dev.osiris.protocol.runbook.Verdict;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.osiris.agent.heal.HealingFixture.COMPLIANT;
import static dev.osiris.agent.heal.HealingFixture.DRIFTED;
import static dev.osiris.agent.heal.HealingFixture.FIREWALL;
import static dev.osiris.agent.heal.HealingFixture.SSH;
import static dev.osiris.agent.heal.HealingFixture.TASKS;
import static dev.osiris.testing.Await.await;
import static dev.osiris.agent.remote.ScriptedRemoteShell.detected;
import static dev.osiris.agent.remote.ScriptedRemoteShell.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** Operators' resolutions carried out against a scripted shell and a real agent database. */
class ResolutionApplierTest {

    static final String SIGNATURE = "ok";

    @TempDir
    Path dir;
    HealingFixture f;
    final Target ws01 = HealingFixture.windows("cred-ws01", "ws01.clinic.local");
    final ScriptedRemoteShell shell = new ScriptedRemoteShell("ws01");
    final List<Target> opened = new ArrayList<>();
    HostShells shells = target -> {
        synchronized (opened) {
            opened.add(target);
        }
        return Future.succeededFuture(shell);
    };
    FlapDetector flaps = new FlapDetector(3, Duration.ofHours(1));
    Healer healer;

    @BeforeEach
    void open() throws Exception {
        f = HealingFixture.open(dir);
        healer = new Healer(new RunbookRunner(HealingFixture.CATALOG), new LearnedKnowledge(3, List.of()), flaps, f.store,
                f.incidents, f.evidence, f.entries(), f.clock, f.delay,
                () -> new HealingPolicy(HealingMode.STANDARD, false, 1, Duration.ofSeconds(1)));
    }

    @AfterEach
    void close() throws Exception {
        f.close();
    }

    ResolutionApplier applier() {
        return new ResolutionApplier(target -> shells.open(target), new RunbookRunner(HealingFixture.CATALOG), healer, flaps,
                f.store, f.incidents, f.evidence, f.entries(), () -> List.of(ws01), () -> Baseline.EMPTY, f.clock);
    }

    /** An incident raised on ws01 for {@code runbookId}, as the healer stores it. */
    String raised(String id, String runbookId) throws Exception {
        return raised(id, runbookId, HealingFixture.T0);
    }

    String raised(String id, String runbookId, Instant at) throws Exception {
        await(f.incidents.raise(new RaisedIncident(id, ws01.id(), ws01.host(), runbookId, 1, Severity.HIGH,
                HealPlan.Reason.NO_RULE, "drifted", Json.object().put("ok", false), at, 1), SIGNATURE));
        return id;
    }

    static OperatorResolution runbook(String incidentId, String runbookId) {
        return new OperatorResolution(incidentId, OperatorResolution.Action.RUNBOOK, runbookId, "re-applied", "alice",
                HealingFixture.T0);
    }

    List<String> acked() throws Exception {
        return await(f.db.write(SqliteIncidentStore::collect)).ackedResolutions();
    }

    EvidenceRecord lastHealRecord() throws Exception {
        return f.records().stream().filter(r -> r.kind().equals("heal")).reduce((a, b) -> b).orElseThrow();
    }

    @Test
    void aRunbookResolutionFromTheRelayIsAppliedVerifiedLearnedAndAcknowledgedOnce() throws Exception {
        String id = raised("inc-tasks-1", TASKS.id());
        shell.on("remediate-" + TASKS.id(), ok("")).on("detect-batch", detected(TASKS.id(), COMPLIANT));
        f.clock.advance(Duration.ofMinutes(5));

        List<ResolutionApplier.Applied> applied = f.onLoop(() -> applier().accept(List.of(runbook(id, TASKS.id()))));

        assertThat(applied).extracting(ResolutionApplier.Applied::incidentId, ResolutionApplier.Applied::outcome)
                .containsExactly(tuple(id, ResolutionOutcome.VERIFIED));
        assertThat(shell.ranNames()).containsExactly("remediate-" + TASKS.id(), "detect-batch");
        assertThat(shell.closed()).isTrue();
        EvidenceRecord record = lastHealRecord();
        assertThat(record.outcome()).isEqualTo("resolution-verified");
        assertThat(record.detailsJson().path("resolution").path("runbookId").asText()).isEqualTo(TASKS.id());
        assertThat(healer.knowledge().candidates(TASKS.id(), SIGNATURE)).singleElement()
                .satisfies(c -> assertThat(c.successes()).isEqualTo(1));
        assertThat(await(f.store.states())).singleElement().satisfies(s -> {
            assertThat(s.status()).isEqualTo(Verdict.Status.COMPLIANT);
            assertThat(s.at()).as("stamped by the injected clock").isEqualTo(HealingFixture.T0.plus(Duration.ofMinutes(5)));
        });
        assertThat(acked()).containsExactly(id);
        assertThat(acked()).as("acknowledged in one report only").isEmpty();

        assertThat(f.onLoop(() -> applier().accept(List.of(runbook(id, TASKS.id()))))).as("a re-sent resolution").isEmpty();
        assertThat(shell.ranNames()).hasSize(2);
    }

    @Test
    void aResolutionNamingARunbookOutsideTheCatalogIsRefusedWithThatReasonAndNothingRuns() throws Exception {
        String id = raised("inc-fw-2", FIREWALL.id());

        List<ResolutionApplier.Applied> applied = f.onLoop(() -> applier().accept(List.of(runbook(id, "RB-WIN-NOPE-001"))));

        assertThat(applied).singleElement().satisfies(a -> {
            assertThat(a.outcome()).isEqualTo(ResolutionOutcome.REFUSED);
            assertThat(a.note()).isEqualTo("runbook RB-WIN-NOPE-001 is not in this agent's catalog; only a catalog runbook can run");
        });
        assertThat(opened).as("no shell was even opened").isEmpty();
        assertThat(lastHealRecord().outcome()).isEqualTo("resolution-refused");
        assertThat(lastHealRecord().detailsJson().path("note").asText()).contains("RB-WIN-NOPE-001");
        assertThat(acked()).as("refused, still acknowledged so the relay stops resending").containsExactly(id);
    }

    @Test
    void aResolutionNamingARunbookOfTheOtherPlatformIsRefusedNamingBothPlatforms() throws Exception {
        String id = raised("inc-fw-3", FIREWALL.id());

        List<ResolutionApplier.Applied> applied = f.onLoop(() -> applier().accept(List.of(runbook(id, SSH.id()))));

        assertThat(applied).singleElement().satisfies(a -> {
            assertThat(a.outcome()).isEqualTo(ResolutionOutcome.REFUSED);
            assertThat(a.note()).isEqualTo("runbook RB-LNX-SSH-001 is a linux runbook and RB-WIN-FW-001 drifted on a windows host");
        });
        assertThat(shell.ranNames()).isEmpty();
    }

    @Test
    void aManualResolutionOnlyVerifiesAndOneThatStillDriftsIsNotVerified() throws Exception {
        String id = raised("inc-fw-4", FIREWALL.id());
        shell.on("detect-batch", detected(FIREWALL.id(), DRIFTED));

        List<ResolutionApplier.Applied> applied = f.onLoop(() -> applier().accept(List.of(new OperatorResolution(id,
                OperatorResolution.Action.MANUAL, null, "fixed by hand", "bob", HealingFixture.T0))));

        assertThat(applied).extracting(ResolutionApplier.Applied::outcome).containsExactly(ResolutionOutcome.NOT_VERIFIED);
        assertThat(shell.ranNames()).containsExactly("detect-batch");
        assertThat(lastHealRecord().outcome()).isEqualTo("resolution-not-verified");
        assertThat(await(f.store.states())).as("no compliant state is claimed").isEmpty();
    }

    @Test
    void aResolutionForAHostThatCannotBeReachedFailsAndIsStillAcknowledged() throws Exception {
        String id = raised("inc-fw-5", FIREWALL.id());
        shells = target -> Future.failedFuture(new RemoteFailure(RemoteFailure.Reason.CONNECT_REFUSED, "ws01:5986"));

        List<ResolutionApplier.Applied> applied = f.onLoop(() -> applier().accept(List.of(runbook(id, FIREWALL.id()))));

        assertThat(applied).singleElement().satisfies(a -> {
            assertThat(a.outcome()).isEqualTo(ResolutionOutcome.FAILED);
            assertThat(a.note()).startsWith("host unreachable: connect_refused");
        });
        assertThat(acked()).containsExactly(id);
    }

    @Test
    void aResolutionArrivingWhileAnotherIsCarriedOutWaitsForItAndIdleCompletesAfterBoth() throws Exception {
        String first = raised("inc-a", FIREWALL.id());
        String second = raised("inc-b", TASKS.id(), HealingFixture.T0.plusSeconds(1));
        CompletableFuture<Void> started = new CompletableFuture<>();
        Promise<ScriptResult> remediation = Promise.promise();
        shell.on("remediate-" + FIREWALL.id(), script -> {
                    started.complete(null);
                    return remediation.future();
                })
                .on("remediate-" + TASKS.id(), ok(""))
                .on("detect-batch", detected(Map.of(FIREWALL.id(), COMPLIANT, TASKS.id(), COMPLIANT)));
        ResolutionApplier applier = applier();

        CompletableFuture<Integer> idle = new CompletableFuture<>();
        f.vertx.getOrCreateContext().runOnContext(v -> {
            applier.accept(List.of(runbook(first, FIREWALL.id())));
            applier.accept(List.of(runbook(second, TASKS.id())));
            applier.idle().onSuccess(idle::complete);
        });
        started.get(30, TimeUnit.SECONDS);
        assertThat(shell.ranNames()).as("nothing else runs beside the remediation in progress")
                .containsExactly("remediate-" + FIREWALL.id());
        assertThat(idle).isNotDone();

        f.vertx.getOrCreateContext().runOnContext(v ->
                remediation.complete(new ScriptResult(0, "", "", Duration.ofSeconds(1), false, false)));

        idle.get(30, TimeUnit.SECONDS);
        assertThat(shell.ranNames()).containsExactly("remediate-" + FIREWALL.id(), "detect-batch",
                "remediate-" + TASKS.id(), "detect-batch");
        assertThat(acked()).containsExactlyInAnyOrder(first, second);
    }
}
