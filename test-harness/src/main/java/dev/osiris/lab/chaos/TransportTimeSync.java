package dev.osiris.lab.chaos;

import dev.osiris.agent.remote.KnownHosts;
import dev.osiris.agent.runbook.RunbookRunner;
import dev.osiris.protocol.runbook.RunbookCatalog;
import dev.osiris.agent.remote.RemoteConfig;
import dev.osiris.agent.remote.RemoteShells;
import dev.osiris.lab.hosts.LabHost;
import dev.osiris.lab.runbooks.LabAttacker;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.time.Duration;

/**
 * Time sync through the agent's transports: {@code w32tm /resync} over WinRM on a Windows host. A Linux lab host
 * shares the machine's kernel clock (namespaces do not have their own), so there is nothing to sync: it answers
 * "not supported by this host".
 */
public final class TransportTimeSync implements TimeSync, AutoCloseable {

    /** w32tm answers at once on the emulator; a real DC reaching its PDC can take a few seconds. */
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final RemoteShells shells;
    private final RunbookRunner runner = new RunbookRunner(RunbookCatalog.builtIn());

    public TransportTimeSync(Vertx vertx) {
        this.shells = new RemoteShells(vertx, RemoteConfig.DEFAULTS, KnownHosts.inMemory());
    }

    @Override
    public Future<String> sync(LabHost host) {
        if (!host.transport().equals("winrm")) {
            return Future.succeededFuture("time sync not supported by this host (" + host.name()
                    + " shares the lab machine's clock)");
        }
        var target = LabAttacker.target(host);
        return shells.open(target)
                .compose(shell -> runner.runScript(shell, target, "time-sync", "w32tm /resync", TIMEOUT)
                        .eventually(shell::close))
                .compose(r -> r.exitCode() == 0 ? Future.<String>succeededFuture(null)
                        : Future.failedFuture("w32tm /resync on " + host.name() + " exited " + r.exitCode() + ": "
                        + (r.stdout() + r.stderr()).strip()));
    }

    @Override
    public void close() {
        shells.close();
    }
}
