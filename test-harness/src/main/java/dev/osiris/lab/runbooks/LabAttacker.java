package dev.osiris.lab.runbooks;

import dev.osiris.agent.drift.RunbookRunner;
import dev.osiris.agent.remote.KnownHosts;
import dev.osiris.agent.remote.RemoteConfig;
import dev.osiris.agent.remote.RemoteShells;
import dev.osiris.agent.remote.ScriptResult;
import dev.osiris.lab.hosts.LabHost;
import dev.osiris.protocol.checkin.Secret;
import dev.osiris.protocol.checkin.Target;
import dev.osiris.protocol.checkin.Transport;
import dev.osiris.protocol.runbook.RunbookCatalog;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.time.Duration;

/**
 * Runs chaos attacks against lab hosts over the same transports, with the same wrapper (prelude, sudo) and the
 * same credentials as the agent, the way an intruder or a careless admin with that access would. An attack that
 * exits non-zero fails the future with its stderr.
 */
public final class LabAttacker implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final RemoteShells shells;
    private final RunbookRunner runner;

    public LabAttacker(Vertx vertx) {
        this.shells = new RemoteShells(vertx, RemoteConfig.DEFAULTS, KnownHosts.inMemory());
        this.runner = new RunbookRunner(RunbookCatalog.builtIn());
    }

    /** The agent's target for a lab host (the credential the relay hands out). */
    public static Target target(LabHost h) {
        Transport transport = h.transport().equals("ssh") ? Transport.SSH : Transport.WINRM;
        return new Target("lab-" + h.name(), h.address(), transport, h.port(), h.tls(), h.auth(), h.account(),
                new Secret(h.secret()), h.pin());
    }

    public Future<ScriptResult> run(LabHost host, Attack attack) {
        Target target = target(host);
        return shells.open(target).compose(shell -> runner.runScript(shell, target, "attack-" + attack.name(),
                        attack.script(), TIMEOUT)
                .map(result -> result.requireSuccess("attack " + attack.name() + " on " + host.name()))
                .eventually(shell::close));
    }

    @Override
    public void close() {
        shells.close();
    }
}
