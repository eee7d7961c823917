package dev.osiris.agent.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.osiris.protocol.json.Json;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** Prints the agent's last written status in words. */
@Command(name = "status", description = "Print the agent's status (from status.json) in words.")
final class StatusCommand implements Callable<Integer> {

    @ArgGroup(exclusive = true, multiplicity = "1")
    DataDirOption.Choice where;

    @Override
    public Integer call() throws Exception {
        DataDirOption d = new DataDirOption();
        d.choice = where;
        Path dataDir = d.dataDir();
        Path file = dataDir.resolve("status.json");
        try {
            JsonNode status = Json.MAPPER.readTree(Files.readAllBytes(file));
            System.out.print(AgentStatus.describe(status, dataDir));
            return 0;
        } catch (NoSuchFileException e) {
            System.err.println("no status at " + file + ": the agent has not run with this data directory");
            return 1;
        }
    }
}
