package dev.osiris.agent.update;

import dev.osiris.agent.boot.FileBootSlots;
import dev.osiris.agent.config.UpdateConfig;
import dev.osiris.agent.evidence.Entries;
import dev.osiris.agent.evidence.EvidenceStore;
import dev.osiris.agent.evidence.EvidenceSync;
import dev.osiris.agent.evidence.SqliteDatabase;
import dev.osiris.agent.evidence.SqliteEvidenceStore;
import dev.osiris.agent.evidence.ApplianceKeyFile;
import dev.osiris.protocol.evidence.EvidenceRecord;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.osiris.testing.Await.await;

/**
 * One appliance's update machinery on files in a test directory: evidence chain, file-backed boot slots, slot A
 * holding the running image and slot B the old one, a reboot that only counts. Also the power-cut child's wiring.
 */
final class UpdateFixture implements AutoCloseable {

    static final String RUNNING = "1.0.0";
    static final byte[] SLOT_B_BEFORE = "old image in slot B".getBytes();

    final Path dir;
    final FileBootSlots slots;
    final EvidenceStore store;
    final Updater updater;
    final AtomicInteger reboots;

    private UpdateFixture(Path dir, FileBootSlots slots, EvidenceStore store, Updater updater, AtomicInteger reboots) {
        this.reboots = reboots;
        this.dir = dir;
        this.slots = slots;
        this.store = store;
        this.updater = updater;
    }

    /** Prepares a fresh appliance in {@code dir}: both slots good, A booted, an old image in slot B. */
    static void prepare(Path dir) throws IOException {
        FileBootSlots.fresh(dir.resolve("grubenv"));
        Files.write(dir.resolve("slot-a.img"), "running image in slot A".getBytes());
        Files.write(dir.resolve("slot-b.img"), SLOT_B_BEFORE);
    }

    static UpdateConfig config(Path dir, String releaseKey, long maxImageBytes) {
        UpdateConfig d = UpdateConfig.DEFAULTS;
        return new UpdateConfig(releaseKey, dir.resolve("slot-a.img"), dir.resolve("slot-b.img"), List.of("true"), true,
                maxImageBytes, Duration.ofSeconds(2), Duration.ofSeconds(5), null, dir.resolve("cmdline"),
                dir.resolve("grubenv"), false, 0, d.minClock());
    }

    static UpdateFixture open(Path dir, String releaseKey, long maxImageBytes, Crashpoints crash) throws IOException {
        return open(dir, releaseKey, maxImageBytes, crash, ImageAuth.NONE);
    }

    static UpdateFixture open(Path dir, String releaseKey, long maxImageBytes, Crashpoints crash, ImageAuth auth)
            throws IOException {
        EvidenceStore store = await(SqliteDatabase.open(dir.resolve("evidence.db"), EvidenceSync.FULL)
                .compose(db -> SqliteEvidenceStore.open(db, ApplianceKeyFile.loadOrCreate(dir.resolve("appliance.key")))));
        FileBootSlots slots = new FileBootSlots(dir.resolve("grubenv"));
        AtomicInteger reboots = new AtomicInteger();
        Updater updater = new Updater(config(dir, releaseKey, maxImageBytes), dir.resolve("update"), slots,
                new UpdateEvidence(store, new Entries(Clock.systemUTC())), reboots::incrementAndGet, crash,
                Clock.systemUTC(), RUNNING, auth);
        return new UpdateFixture(dir, slots, store, updater, reboots);
    }

    byte[] slotB() throws IOException {
        return Files.readAllBytes(dir.resolve("slot-b.img"));
    }

    /** The update records on the chain, as {@code checkId outcome}. */
    List<String> updateEvidence() {
        return await(store.range(0, 10_000)).stream().filter(r -> r.kind().equals("update"))
                .map(r -> r.checkId() + " " + r.outcome()).toList();
    }

    List<EvidenceRecord> records() {
        return await(store.range(0, 10_000));
    }

    @Override
    public void close() {
        updater.close();
        await(store.close());
    }
}
