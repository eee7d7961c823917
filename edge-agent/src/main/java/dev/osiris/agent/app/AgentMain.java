package dev.osiris.agent.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The agent's command line: {@code run}, {@code status}, {@code evidence ...}, {@code bench evidence}, {@code health-gate}. */
@Command(name = "osiris-agent", mixinStandardHelpOptions = true, versionProvider = AgentMain.Version.class,
        subcommands = {RunCommand.class, StatusCommand.class, ComplianceCommand.class, EvidenceCommand.class, BenchCommand.class,
                HealthGateCommand.class},
        description = "Osiris edge agent: evidence chain, relay check-in and their tools.")
public final class AgentMain implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with its error handling: failures print one line on stderr and exit 2. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new AgentMain());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
            cmd.getErr().println("osiris-agent: " + cause.getMessage());
            return 2;
        });
        return cli;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** The build's version, from the jar manifest, or {@code dev} when run from classes. */
    public static String version() {
        String v = AgentMain.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"osiris-agent " + version()};
        }
    }
}
