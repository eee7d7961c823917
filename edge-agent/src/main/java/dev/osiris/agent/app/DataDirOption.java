package dev.osiris.agent.app;

import dev.osiris.agent.config.AgentConfig;
import dev.osiris.agent.evidence.EvidenceSync;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code --config F} or {@code --data-dir D}: where a command finds the agent's data. */
final class DataDirOption {

    @ArgGroup(exclusive = true, multiplicity = "1")
    Choice choice;

    static final class Choice {
        @Option(names = "--config", description = "agent configuration file (YAML)")
        Path config;

        @Option(names = "--data-dir", description = "agent data directory")
        Path dataDir;
    }

    Path dataDir() {
        return choice.dataDir != null ? choice.dataDir : AgentConfig.load(choice.config).dataDir();
    }

    EvidenceSync sync() {
        return choice.config != null ? AgentConfig.load(choice.config).evidenceSync() : EvidenceSync.FULL;
    }
}
