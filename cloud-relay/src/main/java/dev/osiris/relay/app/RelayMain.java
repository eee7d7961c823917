package dev.osiris.relay.app;

import dev.osiris.protocol.InvalidMessageException;
import dev.osiris.protocol.runbook.RunbookCatalog;
import dev.osiris.relay.RelayException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The relay's command line: {@code serve}, and administration commands that work directly on the database. */
@Command(name = "osiris-relay", mixinStandardHelpOptions = true, versionProvider = RelayMain.Version.class,
        description = "Osiris cloud relay.",
        subcommands = {ServeCommand.class, SiteCommands.class, ApplianceCommands.class, OperatorCommands.class,
                CredentialCommands.class, IncidentCommands.class, KeyCommands.class, PartnerCommands.class,
                UserCommands.class, ReleaseCommands.class, RolloutCommands.class})
public final class RelayMain {

    static final String DATA_ENV = "OSIRIS_RELAY_DATA";
    private static final long ADMIN_TIMEOUT_SECONDS = 300;

    @Option(names = "--data-dir", description = "Relay data directory (default: $" + DATA_ENV + " or ./.osiris/relay)")
    Path dataDir;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new RelayMain());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("error: " + describe(e));
            return 1;
        });
        return cli;
    }

    RelayConfig config() {
        Path dir = dataDir;
        if (dir == null) {
            String env = System.getenv(DATA_ENV);
            dir = Path.of(env == null || env.isBlank() ? ".osiris/relay" : env);
        }
        return RelayConfig.defaults(dir.toAbsolutePath()).withDatabaseUrl(System.getenv("DATABASE_URL"))
                .withDatabaseMigrationUrl(System.getenv("DATABASE_MIGRATION_URL"));
    }

    /** Opens the database (attaching to a running serve's PostgreSQL if there is one), runs one action, closes. */
    <T> T admin(Function<RelayAdmin, Future<T>> action) throws Exception {
        Logger.getLogger("").setLevel(Level.WARNING);
        Vertx vertx = Vertx.vertx();
        try {
            Future<T> result = Backend.open(vertx, config(), RunbookCatalog.builtIn()).compose(backend ->
                    action.apply(new RelayAdmin(backend, backend.database.pool())).eventually(backend::close));
            return await(result, ADMIN_TIMEOUT_SECONDS);
        } finally {
            await(vertx.close(), 30);
        }
    }

    /** How audit rows name a change made on the command line: by the local account that ran it. */
    static String cliActor() {
        return "cli " + System.getProperty("user.name", "unknown");
    }

    static <T> T await(Future<T> future, long seconds) throws Exception {
        try {
            return future.toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } catch (TimeoutException e) {
            throw new IllegalStateException("gave up after " + seconds + " s");
        }
    }

    static String describe(Throwable e) {
        Throwable t = e;
        while ((t instanceof ExecutionException || t instanceof java.util.concurrent.CompletionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof RelayException || t instanceof InvalidMessageException || t instanceof IllegalArgumentException
                || t instanceof IllegalStateException) {
            return t.getMessage();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    /** Reports the build's version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = RelayMain.class.getPackage().getImplementationVersion();
            return new String[] {"osiris-relay " + (v == null ? "dev" : v)};
        }
    }
}
