package dev.osiris.lab.demo;

import dev.osiris.agent.app.Agent;
import dev.osiris.agent.app.AgentMain;
import dev.osiris.agent.boot.BootSlots.Slot;
import dev.osiris.agent.config.AgentConfig;
import dev.osiris.agent.config.UpdateConfig;
import dev.osiris.agent.update.UpdateRequest;
import dev.osiris.lab.Await;
import dev.osiris.lab.site.LabSite;
import dev.osiris.lab.update.ImageServer;
import dev.osiris.lab.update.Release;
import dev.osiris.lab.update.SimulatedBoot;
import dev.osiris.protocol.evidence.EvidenceRecord;
import io.vertx.core.Vertx;

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
 * The demo's self-update: a release delivered as the relay's {@code update} order, written to the standby slot
 * (slots and the GRUB environment block are files), a trial boot that the health gate commits, then a bad release
 * whose kernel never comes up: GRUB counts three failed boots and falls back, and the gate records the rollback.
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
        UpdateConfig d = UpdateConfig.DEFAULTS;
        return new UpdateConfig(release.publicKey(), dir.resolve("slot-a.img"), dir.resolve("slot-b.img"),
                List.of("true"), true, 64L << 20, d.connectTimeout(), d.readTimeout(), null, dir.resolve("cmdline"),
                dir.resolve("grubenv"), false, 0, d.minClock());
    }

    /** Runs the story on the started agent; returns the agent running at its end. */
    Agent run(Vertx vertx, LabSite site, Agent agent) throws Exception {
        Path gateConfig = writeGateConfig(site.agentConfig());
        ImageServer server = Await.result(ImageServer.start(vertx));
        try {
            step("A new appliance image, 1.1.0, is released; the relay orders the update on the next check-in");
            Path good = dir.resolve("releases/1.1.0.img");
            UpdateRequest first = publish(server, "1.1.0", good, 110);
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

            step("A bad release, 1.2.0: its kernel panics on every boot (simulated), so no health gate ever runs on it");
            Path badImage = dir.resolve("releases/1.2.0.img");
            UpdateRequest bad = publish(server, "1.2.0", badImage, 120);
            agent = install(site, agent, bad, Slot.A, badImage);
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
            return agent;
        } finally {
            Await.result(server.close());
        }
    }

    private UpdateRequest publish(ImageServer server, String version, Path image, long seed) throws IOException {
        String sha256 = Release.writeImage(image, IMAGE_BYTES, seed);
        UpdateRequest request = release.order(version, server.publish(version, image), IMAGE_BYTES, sha256);
        say("release " + version + ": " + (IMAGE_BYTES >> 20) + " MiB at " + request.url() + ", SHA-256 "
                + sha256.substring(0, 16) + "..., manifest signed by the release key the appliance pins");
        return request;
    }

    /** Delivers the order through the relay, lets the agent take it at its check-in and waits for the reboot. */
    private Agent install(LabSite site, Agent agent, UpdateRequest request, Slot standby, Path image)
            throws Exception {
        String orderId = Await.result(site.relay().admin().addOrder(site.applianceId(), "update", request.toJson()));
        say("relay: order " + orderId + " (update to " + request.version() + ") queued for the appliance");
        Instant mark = Instant.now();
        Await.result(agent.checkinNow());
        EvidenceRecord last = awaitEvidence(agent, mark, List.of("update/rebooting", "update/failed"));
        showEvidence(agent, mark);
        check(last.checkId().equals("update/rebooting"), "the update should reach the reboot: " + last.details());
        Path slot = standby == Slot.A ? dir.resolve("slot-a.img") : dir.resolve("slot-b.img");
        check(Arrays.equals(Files.readAllBytes(slot), Files.readAllBytes(image)),
                "slot " + standby + " should hold the " + request.version() + " image");
        say("standby slot " + standby + " holds " + request.version() + " byte for byte (read back and hashed before"
                + " it was armed for one trial); the agent asks for the reboot");
        return agent;
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

    /** The gate reads the agent's configuration file; the demo's agent was configured in code, so it is written. */
    private Path writeGateConfig(AgentConfig c) throws IOException {
        UpdateConfig u = c.update();
        return Files.writeString(dir.resolve("agent.yaml"), """
                siteId: %s
                relayUrl: %s
                apiKeyFile: %s
                dataDir: %s
                update:
                  releaseKey: %s
                  slotA: %s
                  slotB: %s
                  rebootCommand: ["true"]
                  allowHttp: true
                  kernelCmdline: %s
                  grubEnv: %s
                  minFreeBytes: 0
                """.formatted(c.siteId(), c.relayUrl(), c.apiKeyFile(), c.dataDir(), u.releaseKey(), u.slotA(),
                u.slotB(), u.kernelCmdline(), u.grubEnv()));
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
