package dev.osiris.agent.remote;

import dev.osiris.agent.remote.RemoteFailure.Reason;
import dev.osiris.protocol.checkin.Target;
import dev.osiris.protocol.checkin.Transport;
import io.vertx.core.Future;

import java.time.Clock;
import java.time.Duration;

/**
 * Probes one target: opens a shell, runs a tiny identity script (PowerShell {@code $env:COMPUTERNAME}, POSIX
 * {@code hostname}), closes. Never fails: the result says reachable, or unreachable with the reason word. Its
 * deadline is the adapters' own (connect + operation timeout to open, the script timeout to run), so a dead host
 * ends in CONNECT_TIMEOUT / TIMEOUT without holding any other probe back.
 */
public final class ReachabilityProbe {

    private final RemoteShells shells;
    private final Duration scriptTimeout;
    private final Clock clock;

    public ReachabilityProbe(RemoteShells shells, Duration scriptTimeout, Clock clock) {
        this.shells = shells;
        this.scriptTimeout = scriptTimeout;
        this.clock = clock;
    }

    public Future<TargetReachability> probe(Target target) {
        long started = System.nanoTime();
        Script script = Script.of("remote.reachability",
                target.transport() == Transport.WINRM ? "$env:COMPUTERNAME" : "hostname", scriptTimeout);
        Future<RemoteShell> opened;
        try {
            opened = shells.open(target);
        } catch (RuntimeException e) {
            opened = Future.failedFuture(e);
        }
        return opened.compose(shell -> shell.runChecked(script)
                        .transform(ar -> shell.close().transform(closed -> ar.succeeded()
                                ? Future.succeededFuture(ar.result()) : Future.<ScriptResult>failedFuture(ar.cause()))))
                .map(result -> TargetReachability.reachable(target, firstLine(result.stdout()), millisSince(started),
                        clock.instant()))
                .otherwise(e -> TargetReachability.unreachable(target, asFailure(target, e), millisSince(started),
                        clock.instant()));
    }

    private static RemoteFailure asFailure(Target target, Throwable e) {
        return e instanceof RemoteFailure f ? f
                : new RemoteFailure(Reason.PROTOCOL, target + ": " + e.getClass().getSimpleName());
    }

    private static String firstLine(String out) {
        String s = out.strip();
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl).strip();
        return line.length() > 255 ? line.substring(0, 255) : line;
    }

    private static long millisSince(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
