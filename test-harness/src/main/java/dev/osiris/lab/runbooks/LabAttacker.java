package dev.osiris.lab.runbooks;

import dev.osiris.agent.runbook.RunbookRunner;
import dev.osiris.agent.remote.KnownHosts;
import dev.osiris.agent.remote.RemoteConfig;
import dev.osiris.agent.remote.RemoteFailure;
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
    private static final int RETRIES = 2;

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
        return run(target(host), attack);
    }

    /**
     * Runs the attack on a target. Attacks are idempotent, so one refused by the agent's known WinRM weakness (a
     * protocol error: NTLM-sealed requests over plain HTTP are refused now and then) is retried on a fresh shell.
     */
    public Future<ScriptResult> run(Target target, Attack attack) {
        return runOnce(target, attack, RETRIES);
    }

    private Future<ScriptResult> runOnce(Target target, Attack attack, int retries) {
        return shells.open(target)
                .compose(shell -> runner.runScript(shell, target, "attack-" + attack.name(), attack.script(), TIMEOUT)
                        .eventually(shell::close))
                .recover(e -> retries > 0 && e instanceof RemoteFailure f && f.reason() == RemoteFailure.Reason.PROTOCOL
                        ? runOnce(target, attack, retries - 1) : Future.failedFuture(e))
                .map(result -> result.requireSuccess("attack " + attack.name() + " on " + target.host()));
    }

    @Override
    public void close() {
        shells.close();
    }
}
