package dev.osiris.agent.update;

import dev.osiris.agent.boot.BootSlots.Slot;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static dev.osiris.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The update agent against a file-backed standby slot and a release server on loopback. */
class UpdaterTest {

    private static final byte[] IMAGE = Releases.image(3 * 1024 * 1024 + 17, 7);

    @TempDir
    Path dir;
    private Vertx vertx;
    private final Releases releases = new Releases();
    private UpdateFixture appliance;

    @BeforeEach
    void setUp() throws Exception {
        vertx = Vertx.vertx();
        UpdateFixture.prepare(dir);
        appliance = UpdateFixture.open(dir, releases.key.publicKey().base64(), 64L << 20, Crashpoints.NONE);
    }

    @AfterEach
    void tearDown() {
        appliance.close();
        await(vertx.close());
    }

    @Test
    void signedReleaseIsWrittenToTheStandbySlotArmedAndRebootedInto() throws Exception {
        try (ReleaseServer server = ReleaseServer.start(vertx, IMAGE, ReleaseServer.Fault.NONE)) {
            UpdateJob accepted = appliance.updater.submit(releases.signed("1.1.0", server.url(), IMAGE, false)).get(30, TimeUnit.SECONDS);
            assertThat(accepted.state()).isEqualTo(UpdateState.DOWNLOADING);
            UpdateJob done = appliance.updater.settled().get(60, TimeUnit.SECONDS);

            assertThat(done.state()).isEqualTo(UpdateState.REBOOTING);
            assertThat(done.target()).isEqualTo(Slot.B);
            assertThat(appliance.slotB()).isEqualTo(IMAGE);
            assertThat(appliance.slots.read().order()).containsExactly(Slot.B, Slot.A);
            assertThat(appliance.reboots.get()).isEqualTo(1);
            assertThat(appliance.updateEvidence()).containsExactly("update/downloading info", "update/verifying info",
                    "update/writing info", "update/written info", "update/rebooting info");
            assertThat(new UpdateStateFile(dir.resolve("update")).read().state()).isEqualTo(UpdateState.REBOOTING);
            assertThat(await(appliance.store.verify()).intact()).isTrue();
        }
    }

    @Test
    void manifestSignedByAnotherKeyIsRefusedAndNothingWritten() throws Exception {
        UpdateRequest forged = Releases.signedBy(new Releases().key, "1.1.0", URI.create("http://127.0.0.1:9/image"),
                IMAGE.length, Releases.sha256(IMAGE), false);
        assertRefused(forged, "not signed by the pinned release key");
    }

    @Test
    void imageWhoseHashIsNotTheSignedOneIsRefusedAndNothingWritten() throws Exception {
        byte[] other = Releases.image(IMAGE.length, 8);
        try (ReleaseServer server = ReleaseServer.start(vertx, other, ReleaseServer.Fault.NONE)) {
            appliance.updater.submit(releases.signed("1.1.0", server.url(), IMAGE, false)).get(30, TimeUnit.SECONDS);
            UpdateJob done = appliance.updater.settled().get(60, TimeUnit.SECONDS);
            assertThat(done.state()).isEqualTo(UpdateState.FAILED);
            assertThat(done.reason()).contains("sha256: the image hashes to");
            assertNothingWritten("update/failed fail");
        }
    }

    @Test
    void truncatedDownloadIsRefusedAndNothingWritten() throws Exception {
        try (ReleaseServer server = ReleaseServer.start(vertx, IMAGE, ReleaseServer.Fault.TRUNCATED)) {
            appliance.updater.submit(releases.signed("1.1.0", server.url(), IMAGE, false)).get(30, TimeUnit.SECONDS);
            UpdateJob done = appliance.updater.settled().get(60, TimeUnit.SECONDS);
            assertThat(done.state()).isEqualTo(UpdateState.FAILED);
            assertThat(done.reason()).contains("complete answer held " + IMAGE.length / 2 + " of " + IMAGE.length);
            assertNothingWritten("update/failed fail");
        }
    }

    @Test
    void imageOverTheSizeCapIsRefusedBeforeDownloading() throws Exception {
        appliance.close();
        appliance = UpdateFixture.open(dir, releases.key.publicKey().base64(), IMAGE.length - 1, Crashpoints.NONE);
        assertRefused(releases.signed("1.1.0", URI.create("http://127.0.0.1:9/image"), IMAGE, false),
                "over the cap of " + (IMAGE.length - 1));
    }

    @Test
    void olderVersionIsRefusedUnlessSignedAsRollback() throws Exception {
        URI url = URI.create("http://127.0.0.1:9/image");
        assertRefused(releases.signed("0.9.5", url, IMAGE, false), "older than the running 1.0.0");
        try (ReleaseServer server = ReleaseServer.start(vertx, IMAGE, ReleaseServer.Fault.NONE)) {
            appliance.updater.submit(releases.signed("0.9.5", server.url(), IMAGE, true)).get(30, TimeUnit.SECONDS);
            assertThat(appliance.updater.settled().get(60, TimeUnit.SECONDS).state()).isEqualTo(UpdateState.REBOOTING);
            assertThat(appliance.slotB()).isEqualTo(IMAGE);
        }
    }

    @Test
    void plainHttpToAnotherHostIsRefused() throws Exception {
        assertRefused(releases.signed("1.1.0", URI.create("http://198.18.0.1/image"), IMAGE, false),
                "plain http is allowed only to a loopback address");
    }

    @Test
    void downloadCutOffHalfWayResumesWithARangeRequest() throws Exception {
        try (ReleaseServer server = ReleaseServer.start(vertx, IMAGE, ReleaseServer.Fault.DROP_FIRST)) {
            appliance.updater.submit(releases.signed("1.1.0", server.url(), IMAGE, false)).get(30, TimeUnit.SECONDS);
            UpdateJob done = appliance.updater.settled().get(60, TimeUnit.SECONDS);

            assertThat(done.state()).as(done.reason()).isEqualTo(UpdateState.REBOOTING);
            assertThat(appliance.slotB()).isEqualTo(IMAGE);
            // the first request is whole; every later one resumes past what is already staged (a loaded machine may
            // stall a resumed body too, and the watchdog resumes again: never back, never from 0)
            assertThat(server.ranges).hasSizeGreaterThanOrEqualTo(2);
            assertThat(server.ranges.get(0)).isEqualTo("none");
            List<String> interruptions = appliance.records().stream()
                    .filter(r -> r.checkId().equals("update/download-interrupted")).map(r -> r.details()).toList();
            long staged = 1;
            for (String range : server.ranges.subList(1, server.ranges.size())) {
                assertThat(range).as(server.ranges + " after " + interruptions).matches("bytes=[0-9]+-");
                long from = Long.parseLong(range.substring("bytes=".length(), range.length() - 1));
                assertThat(from).as(range + " after " + server.ranges).isGreaterThanOrEqualTo(staged);
                staged = from;
            }
            assertThat(appliance.updateEvidence()).contains("update/download-interrupted info");
        }
    }

    @Test
    void secondUpdateWhileOneIsUnderWayIsRefused() throws Exception {
        try (ReleaseServer server = ReleaseServer.start(vertx, IMAGE, ReleaseServer.Fault.NONE)) {
            appliance.updater.submit(releases.signed("1.1.0", server.url(), IMAGE, false)).get(30, TimeUnit.SECONDS);
            appliance.updater.settled().get(60, TimeUnit.SECONDS);
            assertThatThrownBy(() -> appliance.updater.submit(releases.signed("1.2.0", server.url(), IMAGE, false))
                    .get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasMessageContaining("an update to 1.1.0 is rebooting");
        }
    }

    @Test
    void aReleaseDeliveredAgainAfterItCommittedIsNotInstalledTwice() throws Exception {
        try (ReleaseServer server = ReleaseServer.start(vertx, IMAGE, ReleaseServer.Fault.NONE)) {
            UpdateRequest release = releases.signed("1.1.0", server.url(), IMAGE, false);
            appliance.close();
            new UpdateStateFile(dir.resolve("update")).write(new UpdateJob(UpdateState.COMMITTED, release, Slot.A,
                    Slot.B, 0, "", java.time.Instant.now()));
            appliance = UpdateFixture.open(dir, releases.key.publicKey().base64(), 64L << 20, Crashpoints.NONE);

            assertThatThrownBy(() -> appliance.updater.submit(release).get(30, TimeUnit.SECONDS))
                    .cause().isInstanceOf(UpdateRefused.class).hasMessage("1.1.0 is installed already (committed on slot B)");
            assertThat(appliance.updater.current().state()).isEqualTo(UpdateState.COMMITTED);
            assertThat(appliance.slotB()).isEqualTo(UpdateFixture.SLOT_B_BEFORE);
            assertThat(appliance.updater.submit(releases.signed("1.2.0", server.url(), IMAGE, false))
                    .get(30, TimeUnit.SECONDS).state()).isEqualTo(UpdateState.DOWNLOADING);
        }
    }

    @Test
    void aReleaseThatRolledBackIsNotTriedAgainWhenDeliveredAgain() throws Exception {
        UpdateRequest release = releases.signed("1.1.0", URI.create("http://127.0.0.1:9/image"), IMAGE, false);
        appliance.close();
        new UpdateStateFile(dir.resolve("update")).write(new UpdateJob(UpdateState.ROLLED_BACK, release, Slot.A,
                Slot.B, 3, "the trial slot B did not come up", java.time.Instant.now()));
        appliance = UpdateFixture.open(dir, releases.key.publicKey().base64(), 64L << 20, Crashpoints.NONE);

        assertThatThrownBy(() -> appliance.updater.submit(release).get(30, TimeUnit.SECONDS))
                .cause().isInstanceOf(UpdateRefused.class)
                .hasMessageContaining("1.1.0 was rolled back on this appliance (the trial slot B did not come up)");
        assertThat(appliance.updater.current().state()).isEqualTo(UpdateState.ROLLED_BACK);
        assertThat(appliance.reboots.get()).isZero();
    }

    private void assertRefused(UpdateRequest request, String why) throws Exception {
        assertThatThrownBy(() -> appliance.updater.submit(request).get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(UpdateRefused.class)
                .hasMessageContaining(why);
        assertThat(appliance.updater.current().state()).isEqualTo(UpdateState.FAILED);
        assertNothingWritten("update/failed fail");
    }

    private void assertNothingWritten(String lastEvidence) throws Exception {
        assertThat(appliance.slotB()).isEqualTo(UpdateFixture.SLOT_B_BEFORE);
        assertThat(appliance.slots.read().order()).containsExactly(Slot.A, Slot.B);
        assertThat(appliance.reboots.get()).isZero();
        assertThat(appliance.updateEvidence()).last().isEqualTo(lastEvidence);
        assertThat(appliance.updateEvidence()).noneMatch(e -> e.startsWith("update/writing"));
        assertThat(Files.exists(dir.resolve("update/image.staged"))).isFalse();
        assertThat(await(appliance.store.verify()).intact()).isTrue();
    }
}
