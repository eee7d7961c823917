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
    private final Path failingGateConfig;
    private final SimulatedBoot boot;
    private Agent agent;

    private SlotAppliance(Vertx vertx, Path dir, String id, AgentConfig config, Path gateConfig,
                          Path failingGateConfig, SimulatedBoot boot) {
        this.vertx = vertx;
        this.dir = dir;
        this.id = id;
        this.config = config;
        this.gateConfig = gateConfig;
        this.failingGateConfig = failingGateConfig;
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
        return new SlotAppliance(vertx, dir, id, config, writeGateConfig(dir.resolve("agent.yaml"), config),
                writeGateConfig(dir.resolve("agent-needs-a-petabyte.yaml"), config, 1L << 50), boot);
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
        return writeGateConfig(file, c, 0);
    }

    /** As {@link #writeGateConfig(Path, AgentConfig)}, with the gate's floor of free space at {@code minFreeBytes}. */
    public static Path writeGateConfig(Path file, AgentConfig c, long minFreeBytes) throws IOException {
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
                  minFreeBytes: %d
                """.formatted(c.siteId(), c.relayUrl(), c.apiKeyFile(), c.dataDir(), u.releaseKey(), u.slotA(),
                u.slotB(), u.kernelCmdline(), u.grubEnv(), minFreeBytes));
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

    /** How the new release's trial boot goes. */
    public enum TrialBoot {
        /** It comes up and its health gate passes: the gate commits it. */
        HEALTHY,
        /**
         * It comes up but fails its health gate on every try (the release needs more free space than the data
         * partition has): the gate counts each try and gives the slot up on the last, GRUB boots the old slot.
         */
        FAILS_ITS_GATE
    }

    /**
     * The reboot the updater asked for: the agent stops, GRUB boots the trial slot, the health gate judges each boot
     * as {@code trial} says, and the agent starts again on the slot GRUB ended on, where the gate records the commit
     * or the rollback. Returns what the gates printed, in order.
     */
    public String reboot(TrialBoot trial) throws IOException {
        stop();
        Slot trialSlot = boot.boot().orElseThrow(() -> new IllegalStateException(id + ": no slot may boot"));
        Slot booted = trialSlot;
        StringBuilder gates = new StringBuilder();
        while (trial == TrialBoot.FAILS_ITS_GATE && booted == trialSlot) {
            gates.append(healthGate(failingGateConfig, 1));
            booted = boot.boot().orElseThrow(() -> new IllegalStateException(id + ": no slot may boot"));
        }
        gates.append(healthGate(gateConfig, 0));
        start();
        return gates.toString();
    }

    /** Runs {@code ./osiris agent health-gate} as the boot does; @throws IllegalStateException when it exits non-zero */
    public String healthGate() {
        return healthGate(gateConfig, 0);
    }

    private String healthGate(Path config, int expectedExit) {
        StringWriter text = new StringWriter();
        int exit = AgentMain.commandLine().setOut(new PrintWriter(text, true))
                .execute("health-gate", "--config", config.toString());
        if (exit != expectedExit) {
            throw new IllegalStateException(id + ": the health gate exited " + exit + " (expected " + expectedExit
                    + "):\n" + text);
        }
        return text.toString();
    }

    @Override
    public void close() {
        stop();
    }
}
