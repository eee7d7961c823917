package dev.osiris.lab.update;

import dev.osiris.agent.app.Agent;
import dev.osiris.agent.app.AgentMain;
import dev.osiris.agent.boot.BootSlots.Slot;
import dev.osiris.agent.config.AgentConfig;
import dev.osiris.agent.config.UpdateConfig;
import dev.osiris.agent.update.UpdateJob;
import dev.osiris.agent.update.UpdateStateFile;
import dev.osiris.lab.Await;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

/**
 * One appliance whose boot is files: the real agent with its real updater, slots A and B as image files, a GRUB
 * environment block and kernel command line ({@link SimulatedBoot}), and the real health gate run as the boot runs
 * it ({@code ./osiris agent health-gate}) between one agent process and the next. Driven from a plain thread.
 */
public final class SlotAppliance implements AutoCloseable {

    private final Vertx vertx;
    private final Path dir;
    private final String id;
    private final AgentConfig config;
    private final Path gateConfig;
    private final SimulatedBoot boot;
    private Agent agent;

    private SlotAppliance(Vertx vertx, Path dir, String id, AgentConfig config, Path gateConfig, SimulatedBoot boot) {
        this.vertx = vertx;
        this.dir = dir;
        this.id = id;
        this.config = config;
        this.gateConfig = gateConfig;
        this.boot = boot;
    }

    /**
     * Lays out a fresh appliance in {@code dir} (slot A runs, B holds an older image) provisioned as {@code id}
     * with {@code apiKey}, pinning {@code releaseKey}; its agent checks in every {@code checkin}.
     */
    public static SlotAppliance prepare(Vertx vertx, Path dir, String siteId, URI relayUrl, String id, String apiKey,
                                        String releaseKey, Duration checkin) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("slot-a.img"), "the image the appliance was installed with");
        Files.writeString(dir.resolve("slot-b.img"), "an older image");
        SimulatedBoot boot = new SimulatedBoot(dir.resolve("grubenv"), dir.resolve("cmdline")).fresh();
        Path keyFile = dir.resolve("api-key");
        Files.createFile(keyFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(keyFile, apiKey);
        UpdateConfig update = slotFiles(dir, releaseKey);
        AgentConfig config = AgentConfig.builder().siteId(siteId).relayUrl(relayUrl).apiKeyFile(keyFile)
                .dataDir(dir.resolve("data")).checkinInterval(checkin).update(update).build();
        return new SlotAppliance(vertx, dir, id, config, writeGateConfig(dir.resolve("agent.yaml"), config), boot);
    }

    /**
     * The agent's {@code update:} settings for slots, kernel command line and GRUB block as files in {@code dir}
     * ({@code slot-a.img}, {@code slot-b.img}, {@code cmdline}, {@code grubenv}), with {@code releaseKey} pinned and
     * plain http to loopback allowed.
     */
    public static UpdateConfig slotFiles(Path dir, String releaseKey) {
        UpdateConfig d = UpdateConfig.DEFAULTS;
        return new UpdateConfig(releaseKey, dir.resolve("slot-a.img"), dir.resolve("slot-b.img"), List.of("true"), true,
                64L << 20, d.connectTimeout(), d.readTimeout(), null, dir.resolve("cmdline"), dir.resolve("grubenv"),
                false, 0, d.minClock());
    }

    /**
     * Writes {@code c} as the agent's configuration file for the health gate, which reads the file (an agent
     * configured in code has none); the update settings are the file-backed slots'.
     */
    public static Path writeGateConfig(Path file, AgentConfig c) throws IOException {
        UpdateConfig u = c.update();
        return Files.writeString(file, """
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

    public String id() {
        return id;
    }

    public Agent agent() {
        return agent;
    }

    public Path gateConfig() {
        return gateConfig;
    }

    /** Starts the agent process (it checks in at once). */
    public Agent start() {
        agent = Await.result(Agent.start(vertx, config));
        return agent;
    }

    public void stop() {
        if (agent != null) {
            Await.result(agent.close());
            agent = null;
        }
    }

    /** The self-update as the updater last saved it (its state file, which the updater replaces atomically). */
    public UpdateJob update() throws IOException {
        return new UpdateStateFile(config.updateDir()).read();
    }

    /** The bytes of a slot's image file. */
    public byte[] slot(Slot slot) throws IOException {
        return Files.readAllBytes(dir.resolve(slot == Slot.A ? "slot-a.img" : "slot-b.img"));
    }

    /**
     * The reboot the updater asked for: the agent stops, GRUB boots the trial slot, the health gate judges the boot,
     * the agent starts again. With {@code panics} the new kernel never comes up: GRUB spends the slot's three tries
     * and falls back, and the gate on the old slot records the rollback. Returns what the gate printed.
     */
    public String reboot(boolean panics) throws IOException {
        stop();
        Slot booted = boot.boot().orElseThrow(() -> new IllegalStateException(id + ": no slot may boot"));
        if (panics) {
            Slot trial = booted;
            while (booted == trial) {
                booted = boot.boot().orElseThrow(() -> new IllegalStateException(id + ": no slot may boot"));
            }
        }
        String gate = healthGate();
        start();
        return gate;
    }

    /** Runs {@code ./osiris agent health-gate} as the boot does; @throws IllegalStateException when it exits non-zero */
    public String healthGate() {
        StringWriter text = new StringWriter();
        int exit = AgentMain.commandLine().setOut(new PrintWriter(text, true))
                .execute("health-gate", "--config", gateConfig.toString());
        if (exit != 0) {
            throw new IllegalStateException(id + ": the health gate exited " + exit + ":\n" + text);
        }
        return text.toString();
    }

    @Override
    public void close() {
        stop();
    }
}
