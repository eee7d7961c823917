package dev.osiris.lab.chaos;

import dev.osiris.agent.remote.KnownHosts;
import dev.osiris.agent.remote.RemoteConfig;
import dev.osiris.agent.remote.RemoteShells;
import dev.osiris.agent.runbook.RunbookRunner;
import dev.osiris.lab.hosts.LabBaseline;
import dev.osiris.lab.hosts.LabHost;
import dev.osiris.lab.runbooks.Attack;
import dev.osiris.lab.runbooks.LabAttacker;
import dev.osiris.protocol.runbook.Runbook;
import dev.osiris.protocol.runbook.RunbookCatalog;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * The lab's restore: the lab engineer (not the appliance) runs the runbook's catalog remediation with the lab
 * baseline, the way a VM snapshot would undo that one attack. A runbook without a remediation (escalate-only) has
 * nothing to restore with, and says so.
 */
public final class RemediationRestorer implements Restorer, AutoCloseable {

    private final RemoteShells shells;
    private final RunbookRunner runner;
    private final RunbookCatalog catalog;

    public RemediationRestorer(Vertx vertx, RunbookCatalog catalog) {
        this.shells = new RemoteShells(vertx, RemoteConfig.DEFAULTS, KnownHosts.inMemory());
        this.runner = new RunbookRunner(catalog);
        this.catalog = catalog;
    }

    @Override
    public Future<String> restore(LabHost host, Attack attack) {
        Runbook runbook = catalog.find(attack.runbook()).orElse(null);
        if (runbook == null || runbook.remediate() == null) {
            return Future.succeededFuture("not restored: " + attack.runbook() + " has no remediation to restore with");
        }
        var target = LabAttacker.target(host);
        return shells.open(target)
                .compose(shell -> runner.remediate(shell, target, runbook, LabBaseline.baseline()).eventually(shell::close))
                .map(r -> r.succeeded() ? (String) null : "restore failed: exit " + r.exitCode() + " " + r.stderr().strip())
                .recover(e -> Future.succeededFuture("restore failed: " + e.getMessage()));
    }

    @Override
    public void close() {
        shells.close();
    }
}
