package dev.osiris.lab.demo;

import dev.osiris.agent.app.Agent;
import dev.osiris.agent.app.AgentMain;
import dev.osiris.agent.boot.BootSlots.Slot;
import dev.osiris.agent.config.UpdateConfig;
import dev.osiris.lab.Await;
import dev.osiris.lab.site.LabSite;
import dev.osiris.lab.update.Release;
import dev.osiris.lab.update.SimulatedBoot;
import dev.osiris.lab.update.SlotAppliance;
import dev.osiris.protocol.evidence.EvidenceRecord;
import dev.osiris.relay.app.RelayAdmin;
import dev.osiris.relay.release.ReleaseKey;
import dev.osiris.relay.rollout.GroupPolicy;
import dev.osiris.relay.rollout.GroupSize;
import dev.osiris.relay.rollout.RolloutSpec;
import dev.osiris.relay.rollout.RolloutTargets;
import dev.osiris.relay.rollout.RolloutView;
import dev.osiris.relay.store.Tenant;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The demo's self-update through the relay's fleet updates: a signed release added at the relay and rolled out to the
 * site, its order taken at a check-in, the image fetched from the relay and written to the standby slot (slots and
 * the GRUB environment block are files), a trial boot that the health gate commits and the rollout finishing; then a
 * bad release whose kernel never comes up: GRUB counts three failed boots and falls back, the gate records the
 * rollback, and the rollout pauses, with an incident for the partner. Its per-group progress is shown each time.
 * Every step is shown from the appliance's signed evidence. Fails with {@link IllegalStateException} and the reason.
 */
final class UpdateStory {

    private static final long IMAGE_BYTES = 16L << 20;
    private static final Duration UPDATE_TIMEOUT = Duration.ofMinutes(2);

    private final Path dir;
    private final PrintStream out;
    private final Release release;
    private final SimulatedBoot boot;

    private UpdateStory(Path dir, PrintStream out, Release release) {
        this.dir = dir;
        this.out = out;
        this.release = release;
        this.boot = new SimulatedBoot(dir.resolve("grubenv"), dir.resolve("cmdline"));
    }

    /** Lays out the slots and the boot block in {@code dir}: slot A runs, slot B holds an older image. */
    static UpdateStory prepare(Path dir, PrintStream out) throws IOException {
        Files.createDirectories(dir.resolve("releases"));
        UpdateStory story = new UpdateStory(dir, out, new Release());
        Files.writeString(dir.resolve("slot-a.img"), "the image the appliance was installed with");
        Files.writeString(dir.resolve("slot-b.img"), "an older image");
        story.boot.fresh();
        return story;
    }

    /** The agent's {@code update:} settings for these slots, with the release key pinned. */
    UpdateConfig config() {
        return SlotAppliance.slotFiles(dir, release.publicKey());
    }

    /** Runs the story on the started agent; returns the agent running at its end. */
    Agent run(Vertx vertx, LabSite site, Agent agent) throws Exception {
        Path gateConfig = SlotAppliance.writeGateConfig(dir.resolve("agent.yaml"), site.agentConfig());
        RelayAdmin admin = site.relay().admin();
        ReleaseKey.trust(site.relay().config().dataDir(), release.publicKey());
        step("The release engineer's key is trusted at the relay (its public half only); 1.1.0 is released");
        Path good = dir.resolve("releases/1.1.0.img");
        publish(admin, "1.1.0", good, 110);
        String first = rollOut(admin, site, "1.1.0");
        agent = install(site, agent, first, Slot.B, good);
        say("slot A, the running one, is untouched");

        step("The appliance reboots into slot B on trial; the health gate judges the boot before the agent starts");
        site.stopAgent();
        Slot booted = boot.boot().orElseThrow();
        say("GRUB boots " + booted + " (first in ORDER, try 1 of 3), kernel command line osiris.slot=" + booted);
        Instant mark = Instant.now();
        String gate = gate(gateConfig, false);
        check(gate.contains("slot B: commit;"), "the gate should commit slot B, said:\n" + gate);
        agent = site.startAgent();
        showEvidence(agent, mark);
        RolloutView finished = awaitRollout(admin, agent, first, "finished");
        say("the check-in reports committed for " + first + "; the relay counts it and the rollout finishes:");
        progress(finished);

        step("A bad release, 1.2.0: its kernel panics on every boot (simulated), so no health gate ever passes it");
        Path badImage = dir.resolve("releases/1.2.0.img");
        publish(admin, "1.2.0", badImage, 120);
        String second = rollOut(admin, site, "1.2.0");
        agent = install(site, agent, second, Slot.A, badImage);
        site.stopAgent();
        for (int attempt = 1; attempt <= 3; attempt++) {
            Slot tried = boot.boot().orElseThrow();
            check(tried == Slot.A, "GRUB should try the trial slot A, booted " + tried);
            say("GRUB boots A (try " + attempt + " of 3): kernel panic, the watchdog resets the box");
        }
        booted = boot.boot().orElseThrow();
        check(booted == Slot.B, "after three failed tries GRUB should fall back to B, booted " + booted);
        say("A has used its 3 tries: GRUB falls back to B, which still holds 1.1.0");
        mark = Instant.now();
        gate = gate(gateConfig, false);
        check(gate.contains("slot B: rolled_back;"), "the gate should record the rollback, said:\n" + gate);
        agent = site.startAgent();
        showEvidence(agent, mark);
        say("./osiris agent health-gate --status --config " + gateConfig + ":");
        gate(gateConfig, true).lines().forEach(l -> say("  " + l));
        RolloutView paused = awaitRollout(admin, agent, second, "paused");
        say("the check-in reports rolled-back for " + second + "; past its error threshold the rollout pauses:");
        progress(paused);
        JsonArray open = Await.result(site.operator().incidents(site.siteId(), "open"));
        for (int i = 0; i < open.size(); i++) {
            JsonObject inc = open.getJsonObject(i);
            if (inc.getString("runbookId").equals("ROLLOUT-PAUSED")) {
                say("incident " + inc.getString("id") + " (" + inc.getString("severity") + "): " + inc.getString("reason")
                        + "; the partner's alert mail is in the relay's outbox");
            }
        }
        return agent;
    }

    private void publish(RelayAdmin admin, String version, Path image, long seed) throws IOException {
        String sha256 = Release.writeImage(image, IMAGE_BYTES, seed);
        Path manifest = release.manifest(version, image, dir.resolve("releases"));
        Await.result(admin.releases().addImage(version, image, manifest, "release-engineer"));
        say("./osiris relay release add --version " + version + " --image " + image + " --manifest " + manifest);
        say("release " + version + ": " + (IMAGE_BYTES >> 20) + " MiB, SHA-256 " + sha256.substring(0, 16)
                + "..., manifest signature checked against the trusted release key");
    }

    /** A rollout of {@code version} to the demo site: one group (the site has one appliance), paused at any failure. */
    private String rollOut(RelayAdmin admin, LabSite site, String version) {
        RolloutView created = Await.result(admin.rollouts().create(Tenant.ANY, new RolloutSpec(version,
                RolloutTargets.sites(List.of(site.siteId())), List.of(new RolloutSpec.Group(GroupSize.REST,
                        new GroupPolicy(100, 1, Duration.ZERO))), Duration.ofMinutes(10)), "ops@northvalley.test"));
        say("./osiris relay rollout create --release " + version + " --site " + site.siteId()
                + " --groups rest --success 100 --error 1: rollout " + created.id() + " " + created.status());
        return created.id();
    }

    /**
     * The agent checks in until its rollout's order reaches it (the relay issues it once the group runs), then the
     * updater fetches the image from the relay, signing each request with the appliance key, and writes the slot.
     */
    private Agent install(LabSite site, Agent agent, String rolloutId, Slot standby, Path image) throws Exception {
        RelayAdmin admin = site.relay().admin();
        Instant mark = Instant.now();
        long deadline = System.nanoTime() + UPDATE_TIMEOUT.toNanos();
        while (show(admin, rolloutId).groups().getFirst().pending() > 0) {
            check(System.nanoTime() < deadline, "rollout " + rolloutId + " issued no order within "
                    + UPDATE_TIMEOUT.toSeconds() + " s");
            Await.result(agent.checkinNow());
            Thread.sleep(200); // the relay's rollout engine starts the group on its own pass (every second)
        }
        say("relay: rollout " + rolloutId + " ordered the update in the check-in's answer");
        EvidenceRecord last = awaitEvidence(agent, mark, List.of("update/rebooting", "update/failed"));
        showEvidence(agent, mark);
        check(last.checkId().equals("update/rebooting"), "the update should reach the reboot: " + last.details());
        Path slot = standby == Slot.A ? dir.resolve("slot-a.img") : dir.resolve("slot-b.img");
        check(Arrays.equals(Files.readAllBytes(slot), Files.readAllBytes(image)),
                "slot " + standby + " should hold the image of rollout " + rolloutId);
        say("standby slot " + standby + " holds the image byte for byte (fetched from the relay with a signed, resumable"
                + " GET, read back and hashed before it was armed for one trial); the agent asks for the reboot");
        return agent;
    }

    /** Checks in until the rollout is {@code status} (the engine decides on its own pass), at most {@link #UPDATE_TIMEOUT}. */
    private static RolloutView awaitRollout(RelayAdmin admin, Agent agent, String rolloutId, String status)
            throws InterruptedException {
        long deadline = System.nanoTime() + UPDATE_TIMEOUT.toNanos();
        while (true) {
            Await.result(agent.checkinNow());
            RolloutView v = show(admin, rolloutId);
            if (v.status().equals(status)) {
                return v;
            }
            check(System.nanoTime() < deadline, "rollout " + rolloutId + " is " + v.status() + ", not " + status
                    + " after " + UPDATE_TIMEOUT.toSeconds() + " s:\n" + v.describe());
            Thread.sleep(200);
        }
    }

    private static RolloutView show(RelayAdmin admin, String rolloutId) {
        return Await.result(admin.rollouts().show(Tenant.ANY, rolloutId));
    }

    /** ./osiris relay rollout show: the rollout's per-group progress. */
    private void progress(RolloutView v) {
        say("./osiris relay rollout show " + v.id() + ":");
        v.describe().lines().forEach(l -> say("  " + l));
    }

    private String gate(Path config, boolean status) {
        StringWriter text = new StringWriter();
        List<String> args = status ? List.of("health-gate", "--status", "--config", config.toString())
                : List.of("health-gate", "--config", config.toString());
        int exit = AgentMain.commandLine().setOut(new PrintWriter(text, true)).execute(args.toArray(String[]::new));
        if (!status) {
            say("./osiris agent health-gate --config " + config + "   (exit " + exit + ")");
            text.toString().lines().forEach(l -> say("  " + l));
        }
        check(exit == 0, "the health gate exited " + exit);
        return text.toString();
    }

    /** Waits (polling the chain, at most {@link #UPDATE_TIMEOUT}) for the first record after {@code mark} of one of {@code ids}. */
    private static EvidenceRecord awaitEvidence(Agent agent, Instant mark, List<String> ids) throws InterruptedException {
        long deadline = System.nanoTime() + UPDATE_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<EvidenceRecord> found = since(agent, mark).stream().filter(r -> ids.contains(r.checkId()))
                    .findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(100); // the updater runs on its own thread; the chain is where its progress shows
        }
        throw new IllegalStateException("no " + ids + " evidence within " + UPDATE_TIMEOUT.toSeconds() + " s");
    }

    private void showEvidence(Agent agent, Instant mark) {
        for (EvidenceRecord r : since(agent, mark)) {
            if (r.kind().equals("update") || r.checkId().startsWith("health/")) {
                say(String.format("evidence #%d %-30s %-5s %s", r.seq(), r.checkId(), r.outcome(), brief(r.details())));
            }
        }
    }

    private static List<EvidenceRecord> since(Agent agent, Instant mark) {
        return Await.result(agent.evidence().range(0, 1_000_000)).stream().filter(r -> !r.time().isBefore(mark))
                .toList();
    }

    private static String brief(String details) {
        return details.length() <= 160 ? details : details.substring(0, 157) + "...";
    }

    private void step(String text) {
        out.println();
        out.println("== " + text);
    }

    private void say(String text) {
        out.println("   " + text);
    }

    private static void check(boolean condition, String failure) {
        if (!condition) {
            throw new IllegalStateException(failure);
        }
    }
}
