package dev.osiris.agent.runbook;

import dev.osiris.agent.remote.RemoteShell;
import dev.osiris.agent.remote.Script;
import dev.osiris.agent.remote.ScriptResult;
import dev.osiris.protocol.checkin.Target;
import dev.osiris.protocol.runbook.Baseline;
import dev.osiris.protocol.runbook.Platform;
import dev.osiris.protocol.runbook.Runbook;
import dev.osiris.protocol.runbook.RunbookCatalog;
import dev.osiris.protocol.runbook.ScriptTemplates;
import dev.osiris.protocol.runbook.Verdict;
import io.vertx.core.Future;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Runs runbooks on one open shell: the batched detection of a scan, one runbook's remediation, and its
 * verification. Futures fail only with the shell's {@link dev.osiris.agent.remote.RemoteFailure} (transport,
 * timeout); what a script concluded is always a value ({@link Verdict}, {@link ScriptResult}).
 */
public final class RunbookRunner {

    /** A batch may run this long at most, however many runbooks it holds. */
    static final Duration MAX_BATCH = Duration.ofMinutes(10);

    private final RunbookCatalog catalog;

    public RunbookRunner(RunbookCatalog catalog) {
        this.catalog = catalog;
    }

    public RunbookCatalog catalog() {
        return catalog;
    }

    /** One script for all {@code runbooks} (all of the target's platform); one verdict per runbook, in order. */
    public Future<Map<String, Verdict>> detect(RemoteShell shell, Target target, List<Runbook> runbooks, Baseline baseline) {
        Platform platform = PlatformScripts.platformOf(target);
        for (Runbook r : runbooks) {
            if (r.platform() != platform) {
                return Future.failedFuture(new IllegalArgumentException(r.id() + " is not a " + platform.wire() + " runbook"));
            }
        }
        if (runbooks.isEmpty()) {
            return Future.succeededFuture(Map.of());
        }
        String body;
        try {
            body = DetectBatch.compose(platform, runbooks, baseline);
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e);
        }
        Duration timeout = runbooks.stream().map(Runbook::detectTimeout).reduce(Duration.ZERO, Duration::plus);
        timeout = timeout.compareTo(MAX_BATCH) > 0 ? MAX_BATCH : timeout;
        return runScript(shell, target, "detect-batch", body, timeout)
                .map(result -> DetectBatch.parse(platform, runbooks, baseline, result));
    }

    /** Runs the runbook's remediation; a non-zero exit is a value, for the healer to judge. */
    public Future<ScriptResult> remediate(RemoteShell shell, Target target, Runbook runbook, Baseline baseline) {
        if (!runbook.autoHealable()) {
            return Future.failedFuture(new IllegalArgumentException(runbook.id() + " has no remediation (" + runbook.heal().wire() + ")"));
        }
        String body;
        try {
            body = ScriptTemplates.fill(runbook, runbook.remediate(), baseline);
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e);
        }
        return runScript(shell, target, "remediate-" + runbook.id(), body, runbook.remediateTimeout());
    }

    /** Re-detects with the runbook's verify fragment (or its detect fragment) and evaluates the expectations. */
    public Future<Verdict> verify(RemoteShell shell, Target target, Runbook runbook, Baseline baseline) {
        Runbook probe = runbook.verifyScript()
                .map(v -> new Runbook(runbook.id(), runbook.version(), runbook.title(), runbook.platform(), runbook.severity(),
                        runbook.heal(), runbook.standard(), runbook.controls(), runbook.detectTimeout(),
                        runbook.remediateTimeout(), runbook.params(), v, runbook.expect(), runbook.remediate(), null,
                        runbook.sha256()))
                .orElse(runbook);
        return detect(shell, target, List.of(probe), baseline).map(verdicts -> verdicts.get(runbook.id()));
    }

    /** Any script with the platform's wrapper (prelude, stop-on-error, sudo), e.g. a lab attack. */
    public Future<ScriptResult> runScript(RemoteShell shell, Target target, String name, String body, Duration timeout) {
        String wrapped;
        try {
            wrapped = PlatformScripts.wrap(catalog, target, body, timeout);
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e);
        }
        return shell.run(Script.of(name, wrapped, timeout));
    }
}
