package dev.osiris.agent.remote;

import dev.osiris.agent.remote.RemoteFailure.Reason;
import dev.osiris.protocol.checkin.Target;
import io.cloudsoft.winrm4j.client.ShellCommand;
import io.cloudsoft.winrm4j.client.WinRmClient;
import io.cloudsoft.winrm4j.client.WinRmClientContext;
import io.vertx.core.Future;
import org.apache.http.client.config.AuthSchemes;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * WinRM through winrm4j's {@link WinRmClient}: one client (one TCP connection, one NTLM handshake) and one remote
 * cmd shell per target and scan, reused by every script; scripts run one after another. Deadlines: winrm4j has no
 * command timeout, so each Receive is held at most the operation timeout and, once the script's deadline has
 * passed, the next operation-timeout fault is not retried: winrm4j then sends Signal terminate for the command
 * (the process is stopped on the host) and the script fails with TIMEOUT. If the host stops answering altogether
 * (e.g. a wrong NTLM password can hang the handshake), a hard deadline fails the future and closes the client.
 */
final class WinRmRemoteShell implements RemoteShell {

    private final Target target;
    private final URI endpoint;
    private final WinRmClient client;
    private final ShellCommand shell;
    private final BlockingCalls calls;
    private final RemoteConfig config;
    private final CommandDeadline deadline;
    private final AtomicBoolean closed = new AtomicBoolean();
    private Future<?> tail = Future.succeededFuture();

    private WinRmRemoteShell(Target target, URI endpoint, WinRmClient client, ShellCommand shell, BlockingCalls calls,
                             RemoteConfig config, CommandDeadline deadline) {
        this.target = target;
        this.endpoint = endpoint;
        this.client = client;
        this.shell = shell;
        this.calls = calls;
        this.config = config;
        this.deadline = deadline;
    }

    /** The listener URL for a target: https on its port unless {@code target.tls()} is false. */
    static URI endpointOf(Target target) {
        return URI.create((target.tls() ? "https" : "http") + "://" + hostPart(target.host()) + ":" + target.port() + "/wsman");
    }

    /** Authenticates and creates the remote shell, on the WinRM pool. */
    static Future<RemoteShell> open(Target target, URI endpoint, RemoteConfig config, WinRmClientContext context,
                                    BlockingCalls calls) {
        CommandDeadline deadline = new CommandDeadline();
        WinRmClient[] built = new WinRmClient[1];
        Duration hard = config.connectTimeout().plus(config.operationTimeout()).plusSeconds(5);
        return calls.call(() -> {
            try {
                if ("ntlm".equals(target.auth()) && "http".equals(endpoint.getScheme())) {
                    WinRmClients.Account account = WinRmClients.Account.parse(target.account());
                    NtlmCredentialProbe.check(target, endpoint, account.domain(), account.user(),
                            target.secret().reveal(), config.connectTimeout());
                }
                built[0] = WinRmClients.build(target, endpoint, config, context, deadline);
                ShellCommand shell = built[0].createShell();
                return (RemoteShell) new WinRmRemoteShell(target, endpoint, built[0], shell, calls, config, deadline);
            } catch (Exception e) {
                // a refused domain logon is re-read with the host's clock here, on the pool: the probe blocks
                throw HostClock.explain(WinRmClients.classify(target, e, true), target, endpoint,
                        config.connectTimeout(), Clock.systemUTC());
            }
        }, hard, () -> WinRmClients.closeQuietly(built[0]),
                () -> new RemoteFailure(Reason.CONNECT_TIMEOUT, target + ": no WinRM shell within " + hard.toSeconds() + " s"),
                error -> {
                    WinRmClients.closeQuietly(built[0]);
                    return WinRmClients.classify(target, error, true);
                });
    }

    @Override
    public synchronized Future<ScriptResult> run(Script script) {
        // one command at a time per shell: NTLM sealing and the remote shell are sequential by nature
        Future<ScriptResult> next = tail.transform(ignored -> runNow(script));
        tail = next;
        return next;
    }

    private Future<ScriptResult> runNow(Script script) {
        if (closed.get()) {
            return Future.failedFuture(new RemoteFailure(Reason.PROTOCOL, describe() + ": shell is closed"));
        }
        Duration hard = script.timeout().plus(config.operationTimeout()).plusSeconds(10);
        return calls.call(() -> execute(script), hard, this::abandon, () -> timeout(script), error -> {
            if (deadline.expired()) {
                return timeout(script);
            }
            return WinRmClients.classify(target, error, false);
        });
    }

    private ScriptResult execute(Script script) {
        long start = System.nanoTime();
        List<String> lines = WinRmCommandLines.forScript(script.body());
        deadline.start(script.timeout());
        try {
            for (String upload : lines.subList(0, lines.size() - 1)) {
                CappedOutput sink = new CappedOutput(4096);
                int exit = shell.execute(upload, sink.asWriter(), sink.asWriter());
                if (exit != 0) {
                    throw new RemoteFailure(Reason.PROTOCOL, describe() + ": uploading " + script.name() + " failed: " + sink.text());
                }
            }
            CappedOutput out = new CappedOutput(config.maxOutputBytes());
            CappedOutput err = new CappedOutput(config.maxOutputBytes());
            int exit = shell.execute(lines.getLast(), out.asWriter(), err.asWriter());
            // PowerShell under WinRS writes its errors as #< CLIXML documents: decoded, or kept whole with the reason
            return new ScriptResult(exit, out.text(), Clixml.readable(err.text()), Duration.ofNanos(System.nanoTime() - start),
                    out.truncated(), err.truncated());
        } finally {
            deadline.clear();
        }
    }

    private RemoteFailure timeout(Script script) {
        return new RemoteFailure(Reason.TIMEOUT,
                describe() + ": script " + script.name() + " exceeded " + script.timeout().toSeconds() + " s and was terminated");
    }

    /** The host stopped answering: give the connection up (deleting the shell ends its processes on Windows). */
    private void abandon() {
        closed.set(true);
        WinRmClients.closeQuietly(client);
    }

    @Override
    public String describe() {
        return target + " (" + endpoint + ")";
    }

    @Override
    public Future<Void> close() {
        if (!closed.compareAndSet(false, true)) {
            return Future.succeededFuture();
        }
        RemoteFailure slow = new RemoteFailure(Reason.TIMEOUT, describe() + ": shell delete took too long");
        return calls.call(() -> {
            WinRmClients.closeQuietly(shell);
            WinRmClients.closeQuietly(client);
            return (Void) null;
        }, config.operationTimeout().plusSeconds(5), () -> { }, () -> slow, e -> slow).otherwiseEmpty();
    }

    private static String hostPart(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    /** The running command's deadline, read by winrm4j's retry-after-operation-timeout predicate. */
    static final class CommandDeadline {
        private volatile long endNanos = Long.MAX_VALUE;
        private volatile boolean expired;

        void start(Duration timeout) {
            expired = false;
            endNanos = System.nanoTime() + timeout.toNanos();
        }

        void clear() {
            endNanos = Long.MAX_VALUE;
        }

        boolean retryReceive(String faultCode) {
            if (System.nanoTime() - endNanos < 0) {
                return true;
            }
            expired = true;
            return false;
        }

        boolean expired() {
            return expired;
        }
    }

    static String authScheme(String auth) {
        return "basic".equals(auth) ? AuthSchemes.BASIC : AuthSchemes.NTLM;
    }

}
