package dev.osiris.agent.health;

import dev.osiris.agent.boot.BootSlots.Slot;
import dev.osiris.agent.boot.FileBootSlots;
import dev.osiris.agent.evidence.ApplianceKeyFile;
import dev.osiris.agent.evidence.Entries;
import dev.osiris.agent.evidence.EvidenceStore;
import dev.osiris.agent.evidence.EvidenceSync;
import dev.osiris.agent.evidence.SqliteDatabase;
import dev.osiris.agent.evidence.SqliteEvidenceStore;
import dev.osiris.agent.health.GateDecision.Action;
import dev.osiris.agent.update.Crashpoints;
import dev.osiris.agent.update.UpdateEvidence;
import dev.osiris.agent.update.UpdateJob;
import dev.osiris.agent.update.UpdateJournal;
import dev.osiris.agent.update.UpdateRequest;
import dev.osiris.agent.update.UpdateState;
import dev.osiris.agent.update.UpdateStateFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.osiris.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

/** The gate across simulated boots: a trial slot armed by an update, GRUB's choice, the gate's verdict. */
class HealthGateTest {

    @TempDir
    Path dir;
    private EvidenceStore store;
    private FileBootSlots slots;
    private final AtomicBoolean healthy = new AtomicBoolean(true);
    private final AtomicInteger reboots = new AtomicInteger();

    @BeforeEach
    void setUp() throws Exception {
        store = await(SqliteDatabase.open(dir.resolve("evidence.db"), EvidenceSync.FULL)
                .compose(db -> SqliteEvidenceStore.open(db, ApplianceKeyFile.loadOrCreate(dir.resolve("appliance.key")))));
        slots = FileBootSlots.fresh(dir.resolve("grubenv"));
        UpdateRequest r = new UpdateRequest("1.1.0", URI.create("https://releases.example/1.1.0.img"), 10,
                "0".repeat(64), "bWFuaWZlc3Q=", "c2ln");
        new UpdateStateFile(dir.resolve("update"))
                .write(new UpdateJob(UpdateState.REBOOTING, r, Slot.A, Slot.B, 0, "", Instant.now()));
        slots.markActive(Slot.B);
    }

    @AfterEach
    void tearDown() {
        await(store.close());
    }

    private HealthGate.Outcome boot() throws Exception {
        Slot booted = slots.boot();
        UpdateJournal journal = new UpdateJournal(new UpdateStateFile(dir.resolve("update")),
                new UpdateEvidence(store, new Entries(Clock.systemUTC())), Crashpoints.NONE, Clock.systemUTC());
        List<HealthCheck> checks = List.of(ApplianceChecks.dataWritable(dir), ApplianceChecks.evidenceHead(store),
                () -> healthy.get() ? Check.pass("agent", "starts") : Check.fail("agent", "port 7443 in use"));
        return new HealthGate(checks, slots, journal, reboots::incrementAndGet, Crashpoints.NONE, Clock.systemUTC())
                .run(booted);
    }

    private List<String> updateEvidence() {
        return await(store.range(0, 1000)).stream().map(r -> r.checkId() + " " + r.outcome()).toList();
    }

    @Test
    void healthyTrialBootIsCommittedAndTheSlotMarkedGood() throws Exception {
        HealthGate.Outcome o = boot();
        assertThat(o.booted()).isEqualTo(Slot.B);
        assertThat(o.action()).isEqualTo(Action.COMMIT);
        assertThat(o.exitCode()).isZero();
        assertThat(slots.read().bOk()).isTrue();
        assertThat(slots.read().bTry()).isZero();
        assertThat(updateEvidence()).containsExactly("update/trial-boot info", "update/health-check info",
                "health/gate pass", "update/committed pass");
    }

    @Test
    void threeFailedTrialBootsFallBackAndTheOldSlotRecordsTheRollbackWithTheReason() throws Exception {
        healthy.set(false);
        assertThat(boot().action()).isEqualTo(Action.RETRY);
        assertThat(boot().action()).isEqualTo(Action.RETRY);
        HealthGate.Outcome third = boot();
        assertThat(third.action()).isEqualTo(Action.GIVE_UP);
        assertThat(third.exitCode()).isEqualTo(1);
        assertThat(reboots.get()).isEqualTo(3);
        assertThat(slots.read().bOk()).isFalse();

        healthy.set(true);
        HealthGate.Outcome back = boot();
        assertThat(back.booted()).isEqualTo(Slot.A);
        assertThat(back.action()).isEqualTo(Action.ROLLED_BACK);
        assertThat(back.exitCode()).isZero();
        assertThat(back.job().state()).isEqualTo(UpdateState.ROLLED_BACK);
        assertThat(back.job().reason()).isEqualTo("back on A after 3 failed trial boot(s) of B: agent: port 7443 in use");
        assertThat(updateEvidence()).endsWith("health/gate pass", "update/rolled-back fail");
        assertThat(slots.read().order().get(0)).isEqualTo(Slot.A);
        assertThat(await(store.verify()).intact()).isTrue();
    }

    @Test
    void ordinaryBootWithFailedChecksKeepsTheAgentDownWithoutARebootLoop() throws Exception {
        new UpdateStateFile(dir.resolve("update")).write(UpdateJob.NONE);
        slots.markActive(Slot.A);
        healthy.set(false);
        HealthGate.Outcome o = boot();
        assertThat(o.action()).isEqualTo(Action.FAIL);
        assertThat(o.exitCode()).isEqualTo(1);
        assertThat(reboots.get()).isZero();
        assertThat(updateEvidence()).containsExactly("health/gate fail");
    }

    @Test
    void slotIsReadFromTheKernelCommandLine() throws Exception {
        java.nio.file.Files.writeString(dir.resolve("cmdline"), "BOOT_IMAGE=/vmlinuz ro osiris.slot=b quiet\n");
        assertThat(KernelCmdline.bootedSlot(dir.resolve("cmdline"))).contains(Slot.B);
        java.nio.file.Files.writeString(dir.resolve("cmdline"), "BOOT_IMAGE=/vmlinuz ro\n");
        assertThat(KernelCmdline.bootedSlot(dir.resolve("cmdline"))).isEmpty();
    }
}
