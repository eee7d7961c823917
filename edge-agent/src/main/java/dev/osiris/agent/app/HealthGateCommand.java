package dev.osiris.agent.app;

import dev.osiris.agent.boot.BootSlots;
import dev.osiris.agent.boot.BootSlots.Slot;
import dev.osiris.agent.config.AgentConfig;
import dev.osiris.agent.config.UpdateConfig;
import dev.osiris.agent.datadir.DataDirLock;
import dev.osiris.agent.evidence.ApplianceKeyFile;
import dev.osiris.agent.evidence.Entries;
import dev.osiris.agent.evidence.SqliteDatabase;
import dev.osiris.agent.evidence.SqliteEvidenceStore;
import dev.osiris.agent.health.ApplianceChecks;
import dev.osiris.agent.health.Check;
import dev.osiris.agent.health.HealthCheck;
import dev.osiris.agent.health.HealthGate;
import dev.osiris.agent.health.KernelCmdline;
import dev.osiris.agent.update.Crashpoints;
import dev.osiris.agent.update.Reboot;
import dev.osiris.agent.update.UpdateEvidence;
import dev.osiris.agent.update.UpdateJob;
import dev.osiris.agent.update.UpdateJournal;
import dev.osiris.agent.update.UpdateStateFile;
import io.vertx.core.Future;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code health-gate}: at boot, before the agent, judges the booted slot (commit a trial, count a failed try and
 * reboot, record a fallback); {@code --status} prints the slots and any pending update. Exit 0 when the agent may start.
 */
@Command(name = "health-gate", description = "Judge this boot before the agent starts (A/B self-update); --status prints the slots.")
final class HealthGateCommand implements Callable<Integer> {

    private static final Duration OPEN_TIMEOUT = Duration.ofSeconds(30);

    @Option(names = "--config", required = true, description = "agent configuration file (YAML)")
    Path configFile;

    @Option(names = "--status", description = "print active and standby slot, boot attempts and any pending update")
    boolean status;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        AgentConfig config = AgentConfig.load(configFile);
        PrintWriter out = spec.commandLine().getOut();
        BootSlots slots = BootLoader.slots(config.update());
        if (status) {
            out.print(status(config, slots));
            out.flush();
            return 0;
        }
        Clock clock = Clock.systemUTC();
        try (DataDirLock lock = DataDirLock.acquire(config.dataDir(), "health-gate", clock)) {
            SqliteEvidenceStore store = await(SqliteDatabase.open(config.evidenceDatabase(), config.evidenceSync())
                    .compose(db -> SqliteEvidenceStore.open(db, ApplianceKeyFile.load(config.applianceKeyFile()))));
            try {
                UpdateJournal journal = new UpdateJournal(new UpdateStateFile(config.updateDir()),
                        new UpdateEvidence(store, new Entries(clock)), Crashpoints.NONE, clock);
                HealthGate gate = new HealthGate(checks(config, store, clock), slots, journal,
                        Reboot.command(config.update().rebootCommand()), Crashpoints.NONE, clock);
                HealthGate.Outcome outcome = gate.run(booted(config.update(), slots));
                outcome.checks().forEach(c -> out.println(c));
                out.println("slot " + outcome.booted() + ": " + outcome.action().name().toLowerCase()
                        + "; update " + outcome.job().describe());
                out.flush();
                return outcome.exitCode();
            } finally {
                await(store.close());
            }
        }
    }

    private static List<HealthCheck> checks(AgentConfig config, SqliteEvidenceStore store, Clock clock) {
        UpdateConfig u = config.update();
        return List.of(ApplianceChecks.dataWritable(config.dataDir()), ApplianceChecks.evidenceHead(store),
                ApplianceChecks.privateFiles(config.apiKeyFile(), config.applianceKeyFile()),
                ApplianceChecks.clock(clock, u.minClock(), store), ApplianceChecks.freeSpace(config.dataDir(), u.minFreeBytes()),
                ApplianceChecks.relay(config.relayUrl(), config.connectTimeout(), u.requireRelay()));
    }

    /** The slot GRUB passed on the kernel command line, else the environment block's. */
    private static Slot booted(UpdateConfig config, BootSlots slots) throws IOException {
        Optional<Slot> fromCmdline = KernelCmdline.bootedSlot(config.kernelCmdline());
        return fromCmdline.isPresent() ? fromCmdline.get() : slots.read().booted();
    }

    static String status(AgentConfig config, BootSlots slots) throws IOException {
        StringBuilder out = new StringBuilder();
        Optional<Slot> cmdline = KernelCmdline.bootedSlot(config.update().kernelCmdline());
        BootSlots.State state = null;
        String loaderError = null;
        try {
            state = slots.read();
        } catch (IOException e) {
            loaderError = e.getMessage();
        }
        Slot active = cmdline.orElse(state == null ? null : state.booted());
        out.append("active slot: ").append(active == null ? "unknown" : active)
                .append(cmdline.isPresent() ? " (kernel command line)" : state != null ? " (boot loader)" : "").append('\n');
        out.append("standby slot: ").append(active == null ? "unknown" : active.other()).append('\n');
        if (state != null) {
            out.append("boot order: ").append(state.order()).append('\n');
            out.append("slot A: ").append(state.aOk() ? "good" : "bad").append(", boot attempts ").append(state.aTry()).append('\n');
            out.append("slot B: ").append(state.bOk() ? "good" : "bad").append(", boot attempts ").append(state.bTry()).append('\n');
        } else {
            out.append("boot loader: ").append(loaderError).append('\n');
        }
        UpdateJob job = new UpdateStateFile(config.updateDir()).read();
        out.append(job.state().finished() ? "pending update: none" : "pending update: " + job.describe()).append('\n');
        if (job.state().finished() && job.release() != null) {
            out.append("last update: ").append(job.describe()).append('\n');
        }
        return out.toString();
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(OPEN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }
}
