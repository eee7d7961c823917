package dev.osiris.agent.app;

import dev.osiris.agent.config.AgentConfig;
import dev.osiris.agent.datadir.DataDirLock;
import dev.osiris.agent.datadir.OwnerOnly;
import dev.osiris.agent.evidence.ApplianceKeyFile;
import dev.osiris.protocol.evidence.ApplianceKey;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * The files an agent starts from: the data directory's lock (held until the agent closes), the appliance key
 * (created on first start), the relay API key and the boot partition. Blocking: read on a worker.
 */
record AgentFiles(DataDirLock lock, ApplianceKey key, String apiKey, String bootPartition) {

    private static final Path BOOT_PARTITION = Path.of("/run/osiris/boot-partition");

    /**
     * Takes the lock and reads the rest; fails when another agent holds the data directory, a key file is too open
     * or unreadable, or the API key file is empty, with a message naming the file (and releases the lock).
     */
    static AgentFiles read(AgentConfig config, Clock clock) throws IOException {
        DataDirLock lock = DataDirLock.acquire(config.dataDir(), "run", clock);
        try {
            for (Path file : List.of(config.statusFile(), config.dataDir().resolve("compliance.json"))) {
                OwnerOnly.narrowIfExists(file);
            }
            return new AgentFiles(lock, ApplianceKeyFile.loadOrCreate(config.applianceKeyFile()), apiKey(config),
                    readBootPartition());
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    private static String apiKey(AgentConfig config) throws IOException {
        String apiKey;
        try {
            OwnerOnly.requirePrivate(config.apiKeyFile(), "apiKeyFile");
            apiKey = Files.readString(config.apiKeyFile(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new IOException(e.getMessage().startsWith("apiKeyFile") ? e.getMessage()
                    : "apiKeyFile " + config.apiKeyFile() + " cannot be read: " + e.getMessage(), e);
        }
        if (apiKey.isEmpty()) {
            throw new IOException("apiKeyFile " + config.apiKeyFile() + " is empty");
        }
        return apiKey;
    }

    /** The A/B slot this system booted from, as the boot loader wrote it; "a" without one. */
    private static String readBootPartition() throws IOException {
        if (Files.isReadable(BOOT_PARTITION)) {
            return Files.readString(BOOT_PARTITION).trim().equals("b") ? "b" : "a";
        }
        return "a";
    }
}
