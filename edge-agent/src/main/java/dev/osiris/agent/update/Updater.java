package dev.osiris.agent.update;

import dev.osiris.agent.config.UpdateConfig;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.agent.boot.BootSlots;
import dev.osiris.agent.boot.BootSlots.Slot;
import dev.osiris.protocol.json.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static dev.osiris.agent.update.UpdateState.*;

/**
 * The update agent: drives one update at a time through {@link UpdateTransitions}, saving the state before each risky
 * step and recording each transition in evidence. All work runs on its own platform thread ({@code osiris-update}),
 * never on an event loop; callers get {@link CompletableFuture}s. After a restart {@link #resume} carries on from
 * the saved state or rolls back; it never guesses.
 */
public final class Updater implements AutoCloseable {

    private static final int DOWNLOAD_ATTEMPTS = 5;

    private final UpdateConfig config;
    private volatile UpdateJournal journal;
    private volatile IOException unreadable;
    private final Path staged;
    private final BootSlots slots;
    private final UpdateEvidence evidence;
    private final Reboot reboot;
    private final Crashpoints crash;
    private final Clock clock;
    private final String running;
    private final ImageDownload download;
    private final SlotWriter writer;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "osiris-update");
        t.setDaemon(true);
        return t;
    });

    /** An updater whose images come from URLs that need no authentication. */
    public Updater(UpdateConfig config, Path updateDir, BootSlots slots, UpdateEvidence evidence, Reboot reboot,
                   Crashpoints crash, Clock clock, String running) {
        this(config, updateDir, slots, evidence, reboot, crash, clock, running, ImageAuth.NONE);
    }

    /**
     * @param running the version of the image this system runs
     * @param auth    what authenticates a download to its server (the relay's: the appliance key's signature)
     */
    public Updater(UpdateConfig config, Path updateDir, BootSlots slots, UpdateEvidence evidence, Reboot reboot,
                   Crashpoints crash, Clock clock, String running, ImageAuth auth) {
        this.config = config;
        this.staged = updateDir.resolve("image.staged");
        this.slots = slots;
        this.evidence = evidence;
        this.reboot = reboot;
        this.crash = crash;
        this.clock = clock;
        this.running = running;
        this.download = new ImageDownload(config, crash, auth);
        this.writer = new SlotWriter(crash);
        UpdateStateFile file = new UpdateStateFile(updateDir);
        // the state file is read on the updater's thread, so that building the updater on an event loop never blocks
        thread.execute(() -> {
            try {
                journal = new UpdateJournal(file, evidence, crash, clock);
            } catch (IOException e) {
                unreadable = e;
            }
        });
    }

    /** The update as last saved (safe from any thread), for status and the check-in report. */
    public UpdateJob current() {
        UpdateJournal j = journal;
        return j == null ? UpdateJob.NONE : j.job();
    }

    /**
     * Accepts an update: completes once the order is checked (signature against the pinned key, hash, size cap,
     * version, URL) with the job now downloading, which continues in the background; fails with
     * {@link UpdateRefused} (recorded as {@code update/failed}, nothing written to a slot) or the storage error.
     */
    public CompletableFuture<UpdateJob> submit(UpdateRequest request) {
        CompletableFuture<UpdateJob> accepted = new CompletableFuture<>();
        thread.execute(() -> {
            try {
                accept(request);
                accepted.complete(job());
            } catch (Exception e) {
                accepted.completeExceptionally(e);
                return;
            }
            runSafely(this::proceed);
        });
        return accepted;
    }

    /** After a restart: carries on from the saved state, or rolls back; completes when the update rests again. */
    public CompletableFuture<UpdateJob> resume() {
        CompletableFuture<UpdateJob> done = new CompletableFuture<>();
        thread.execute(() -> {
            try {
                resumeHere();
                done.complete(job());
            } catch (Exception e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    /** Completes with the job once everything submitted so far has run (tests, the demo). */
    public CompletableFuture<UpdateJob> settled() {
        return CompletableFuture.supplyAsync(this::current, thread);
    }

    private void accept(UpdateRequest request) throws IOException {
        if (!job().state().finished()) {
            throw new UpdateRefused("an update to " + job().version() + " is " + job().state().wireName()
                    + "; one at a time");
        }
        refuseAgain(request);
        Slot booted = slots.read().booted();
        journal.begin(new UpdateJob(job().state(), request, booted, booted.other(), 0, "", clock.instant()));
        try {
            download.checkUrl(request.url());
            if (request.size() > config.maxImageBytes()) {
                throw new UpdateRefused("size: " + request.size() + " bytes is over the cap of " + config.maxImageBytes());
            }
            if (config.pinnedKey() == null) {
                throw new UpdateRefused("update.releaseKey is not configured: this appliance installs no updates");
            }
            ReleaseManifest.verify(request, config.pinnedKey(), running);
        } catch (UpdateRefused e) {
            move(FAILED, "refused: " + e.getMessage());
            throw e;
        }
        Files.deleteIfExists(staged);
        move(DOWNLOADING, "");
    }

    /**
     * The release this appliance already committed, or rolled back, is not installed again: the relay may deliver an
     * order once more (an agent restarted before acknowledging it does so at every update's reboot), and a bad
     * release delivered again would otherwise loop through its failed trial boots for ever.
     */
    private void refuseAgain(UpdateRequest request) throws IOException {
        UpdateJob last = job();
        if (last.release() == null || !last.release().sha256().equals(request.sha256())
                || !last.version().equals(request.version())) {
            return;
        }
        if (last.state() == COMMITTED) {
            throw new UpdateRefused(request.version() + " is installed already (committed on slot " + last.target()
                    + ")");
        }
        if (last.state() == ROLLED_BACK) {
            throw new UpdateRefused(request.version() + " was rolled back on this appliance (" + last.reason()
                    + "); it is not installed again");
        }
    }

    private void resumeHere() throws IOException {
        UpdateState state = job().state();
        if (state == DOWNLOADING || state == VERIFYING || state == WRITING || state == WRITTEN) {
            ObjectNode details = Json.object().put("state", state.wireName()).put("version", job().version());
            evidence.note("update/resumed", "info", details);
            proceed();
        } else if (state == REBOOTING) {
            BootSlots.State boot = slots.read();
            if (boot.booted() == job().target()) {
                return; // the trial boot is the health gate's to judge
            }
            if (boot.order().get(0) == job().target() && ok(boot, job().target())) {
                move(REBOOTING, "the agent restarted before the reboot; rebooting again");
                reboot.now();
            } else {
                move(ROLLED_BACK, "the boot loader did not boot the trial slot " + job().target());
            }
        }
    }

    private void proceed() throws IOException {
        while (true) {
            switch (job().state()) {
                case DOWNLOADING -> {
                    if (!fetch()) {
                        return;
                    }
                    move(VERIFYING, "");
                }
                case VERIFYING -> {
                    String refused = verifyStaged();
                    if (refused != null) {
                        Files.deleteIfExists(staged);
                        move(FAILED, refused);
                        return;
                    }
                    move(WRITING, "");
                }
                case WRITING -> {
                    try {
                        UpdateRequest r = job().release();
                        writer.write(staged, r.size(), config.device(job().target()), r.sha256());
                    } catch (IOException e) {
                        move(FAILED, "slot write: " + e.getMessage());
                        return;
                    }
                    move(WRITTEN, "");
                }
                case WRITTEN -> {
                    waitForWindow();
                    slots.markActive(job().target());
                    crash.reached("mark-active:done");
                    move(REBOOTING, "");
                    Files.deleteIfExists(staged);
                    reboot.now();
                    return;
                }
                default -> {
                    return;
                }
            }
        }
    }

    /** True when the image is staged whole; false after recording why the download failed. */
    private boolean fetch() throws IOException {
        IOException last = null;
        for (int attempt = 1; attempt <= DOWNLOAD_ATTEMPTS; attempt++) {
            try {
                download.fetch(job().release().url(), job().release().size(), staged);
                return true;
            } catch (UpdateRefused e) {
                Files.deleteIfExists(staged);
                move(FAILED, "refused: " + e.getMessage());
                return false;
            } catch (IOException e) {
                last = e;
                evidence.note("update/download-interrupted", "info", Json.object().put("version", job().version())
                        .put("attempt", attempt).put("staged", Files.exists(staged) ? Files.size(staged) : 0)
                        .put("error", describe(e)));
                pause(Duration.ofMillis(250L * attempt));
            }
        }
        move(FAILED, "download: " + DOWNLOAD_ATTEMPTS + " attempts failed, the last: " + last.getMessage());
        return false;
    }

    /** The error with its cause: the JDK client's "closed" says nothing without what closed it. */
    private static String describe(IOException e) {
        return e.getCause() == null ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + e.getCause() + ")";
    }

    private String verifyStaged() throws IOException {
        long size = Files.exists(staged) ? Files.size(staged) : -1;
        if (size != job().release().size()) {
            return "refused: size: staged " + size + " bytes, the manifest names " + job().release().size();
        }
        String hash = SlotWriter.sha256(staged, size);
        if (!hash.equals(job().release().sha256())) {
            return "refused: sha256: the image hashes to " + hash + ", the signed manifest names "
                    + job().release().sha256();
        }
        return null;
    }

    private void waitForWindow() {
        if (config.maintenanceWindow() != null) {
            pause(config.maintenanceWindow().untilOpen(clock.instant()));
        }
    }

    /** Saves the next state, then records it: after a power cut the file names the step that was under way. */
    private void move(UpdateState next, String why) throws IOException {
        journal.move(next, why);
    }

    private UpdateJob job() throws IOException {
        if (journal == null) {
            throw new IOException("the update state cannot be read: " + unreadable.getMessage(), unreadable);
        }
        return journal.job();
    }

    private static boolean ok(BootSlots.State s, Slot slot) {
        return slot == Slot.A ? s.aOk() : s.bOk();
    }

    private static void pause(Duration d) {
        try {
            // the updater's own thread waits out a backoff or a maintenance window; nothing else runs on it
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void runSafely(Step step) {
        try {
            step.run();
        } catch (Exception e) {
            try {
                UpdateJob now = current();
                if (!now.state().finished() && UpdateTransitions.allowed(now.state(), FAILED)) {
                    move(FAILED, "error: " + e.getMessage());
                }
            } catch (IOException | RuntimeException ignored) {
                // the saved state still names the step: the next start resumes it
            }
        }
    }

    private interface Step {
        void run() throws Exception;
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
