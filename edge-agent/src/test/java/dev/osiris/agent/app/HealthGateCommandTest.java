package dev.osiris.agent.app;

import dev.osiris.agent.boot.BootSlots.Slot;
import dev.osiris.agent.update.UpdateJob;
import dev.osiris.agent.update.UpdateRequest;
import dev.osiris.agent.update.UpdateState;
import dev.osiris.agent.update.UpdateStateFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class HealthGateCommandTest {

    @TempDir
    Path dir;

    @Test
    void statusPrintsTheSlotsFromTheKernelCommandLineAndThePendingUpdate() throws Exception {
        Files.writeString(dir.resolve("cmdline"), "BOOT_IMAGE=/vmlinuz ro osiris.slot=B\n");
        Files.writeString(dir.resolve("agent.yaml"), """
                siteId: site-1
                relayUrl: http://127.0.0.1:9
                apiKeyFile: api.key
                dataDir: data
                update:
                  kernelCmdline: cmdline
                """);
        UpdateRequest r = new UpdateRequest("1.1.0", URI.create("https://releases.example/1.1.0.img"), 10,
                "0".repeat(64), "bWFuaWZlc3Q=", "c2ln");
        new UpdateStateFile(dir.resolve("data/update")).write(new UpdateJob(UpdateState.TRIAL_BOOT, r, Slot.A, Slot.B, 1,
                "agent: port 7443 in use", Instant.parse("2026-12-01T03:00:00Z")));

        StringWriter out = new StringWriter();
        int exit = AgentMain.commandLine().setOut(new PrintWriter(out))
                .execute("health-gate", "--status", "--config", dir.resolve("agent.yaml").toString());

        assertThat(exit).isZero();
        assertThat(out.toString()).contains("active slot: B (kernel command line)\n", "standby slot: A\n",
                "pending update: trial-boot 1.1.0 (A -> B, failed trial boots 1, agent: port 7443 in use, since 2026-12-01T03:00:00Z)\n");
    }

    @Test
    void statusWithoutAnUpdateSaysNone() throws Exception {
        Files.writeString(dir.resolve("cmdline"), "ro osiris.slot=a\n");
        Files.writeString(dir.resolve("agent.yaml"), """
                siteId: site-1
                relayUrl: http://127.0.0.1:9
                apiKeyFile: api.key
                dataDir: data
                update:
                  kernelCmdline: cmdline
                """);
        StringWriter out = new StringWriter();
        int exit = AgentMain.commandLine().setOut(new PrintWriter(out))
                .execute("health-gate", "--status", "--config", dir.resolve("agent.yaml").toString());
        assertThat(exit).isZero();
        assertThat(out.toString()).contains("active slot: A", "pending update: none");
    }
}
