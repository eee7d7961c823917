package dev.osiris.agent.app;

import dev.osiris.agent.compliance.ComplianceJson;
import dev.osiris.agent.compliance.ComplianceTable;
import dev.osiris.protocol.json.Json;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** Prints the site's compliance per framework, as the agent last scored it (compliance.json). */
@Command(name = "compliance", description = "Print the site's compliance per framework (passing, failing, unknown controls).")
final class ComplianceCommand implements Callable<Integer> {

    @ArgGroup(exclusive = true, multiplicity = "1")
    DataDirOption.Choice where;

    @Option(names = "--details", description = "One row per control, with its runbooks and failing hosts.")
    boolean details;

    @Override
    public Integer call() throws Exception {
        DataDirOption d = new DataDirOption();
        d.choice = where;
        Path file = d.dataDir().resolve("compliance.json");
        try {
            System.out.print(ComplianceTable.render(ComplianceJson.fromJson(Json.MAPPER.readTree(Files.readAllBytes(file))), details));
            return 0;
        } catch (NoSuchFileException e) {
            System.err.println("no compliance score at " + file + ": the agent has not finished a scan with this data directory");
            return 1;
        }
    }
}
