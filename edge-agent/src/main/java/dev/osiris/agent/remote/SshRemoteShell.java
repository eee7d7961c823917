package dev.osiris.agent.remote;

import dev.osiris.agent.remote.RemoteFailure.Reason;
import dev.osiris.protocol.checkin.Target;
import io.vertx.core.Future;
import net.schmizz.keepalive.KeepAliveProvider;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.connection.channel.direct.Signal;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.userauth.UserAuthException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * SSH through sshj: one authenticated connection per target and scan, one session channel per script. The
 * script text is the exec request's command (run by the account's login shell). All sshj calls run on the SSH
 * worker pool; a script past its deadline has its channel closed and fails with TIMEOUT.
 */
final class SshRemoteShell implements RemoteShell {

    private static final DefaultConfig SSH_CONFIG = sshConfig();
    private static final String PGID_PREFIX = "osiris-pgid:";
    private static final String PGID_MARKER = "echo " + PGID_PREFIX + "$$ >&2\n";

    private final Target target;
    private final SSHClient client;
    private final BlockingCalls calls;
    private final RemoteConfig config;
    private final AtomicBoolean closed = new AtomicBoolean();

    private SshRemoteShell(Target target, SSHClient client, BlockingCalls calls, RemoteConfig config) {
        this.target = target;
        this.client = client;
        this.calls = calls;
        this.config = config;
    }

    /** Connects, verifies the host key and authenticates, on the SSH pool. */
    static Future<RemoteShell> open(Target target, RemoteConfig config, KnownHosts knownHosts, BlockingCalls calls) {
        SSHClient client = new SSHClient(SSH_CONFIG);
        HostKeyCheck hostKeys = new HostKeyCheck(knownHosts, target.pin(), config.trustOnFirstUse());
        Duration deadline = config.connectTimeout().plus(config.operationTimeout()).plusSeconds(2);
        return calls.call(() -> connect(target, config, client, hostKeys, calls), deadline, () -> closeQuietly(client),
                () -> new RemoteFailure(Reason.CONNECT_TIMEOUT, target + ": no SSH session within " + deadline.toSeconds() + " s"),
                error -> classifyConnect(target, error, hostKeys));
    }

    private static RemoteShell connect(Target target, RemoteConfig config, SSHClient client, HostKeyCheck hostKeys,
                                       BlockingCalls calls) throws IOException {
        int opMillis = (int) config.operationTimeout().toMillis();
        client.setConnectTimeout((int) config.connectTimeout().toMillis());
        // socket read timeout covers the greeting and key exchange; lifted once authenticated (the reader thread
        // dies on a socket timeout, and an idle connection between scripts is normal)
        client.setTimeout((int) config.connectTimeout().toMillis());
        client.getTransport().setTimeoutMs(opMillis);
        client.addHostKeyVerifier(hostKeys);
        try {
            client.connect(target.host(), target.port());
            client.getSocket().setTcpNoDelay(true); // small request/answer packets: Nagle added ~40 ms per script
            client.getConnection().setTimeoutMs(opMillis);
            switch (target.auth()) {
                case "password" -> client.authPassword(target.account(), target.secret().reveal().toCharArray());
                case "key" -> client.authPublickey(target.account(), privateKey(client, target));
                default -> throw new RemoteFailure(Reason.PROTOCOL, target + ": unsupported ssh auth " + target.auth());
            }
            client.getSocket().setSoTimeout(0);
            client.getConnection().getKeepAlive().setKeepAliveInterval(15);
            return new SshRemoteShell(target, client, calls, config);
        } catch (IOException | RuntimeException e) {
            closeQuietly(client);
            throw e;
        }
    }

    private static net.schmizz.sshj.userauth.keyprovider.KeyProvider privateKey(SSHClient client, Target target) {
        try {
            net.schmizz.sshj.userauth.keyprovider.KeyProvider key = client.loadKeys(target.secret().reveal(), null, null);
            key.getPrivate(); // parse now, so that a bad key is reported as such and not as a failed login
            return key;
        } catch (IOException | RuntimeException e) {
            // the parser's message may quote key material: name the type only
            throw new RemoteFailure(Reason.AUTHENTICATION, target + ": the private key could not be read ("
                    + e.getClass().getSimpleName() + "); OpenSSH or PEM, without passphrase, is expected");
        }
    }

    @Override
    public Future<ScriptResult> run(Script script) {
        if (closed.get()) {
            return Future.failedFuture(new RemoteFailure(Reason.PROTOCOL, describe() + ": shell is closed"));
        }
        AtomicBoolean timedOut = new AtomicBoolean();
        Session.Command[] command = new Session.Command[1];
        LeadingLine[] marker = new LeadingLine[1];
        Runnable abort = () -> {
            timedOut.set(true);
            terminate(command[0], marker[0]);
        };
        Duration hardDeadline = script.timeout().plus(config.operationTimeout());
        return calls.call(() -> execute(script, command, marker, abort, timedOut), hardDeadline, abort,
                () -> timeout(script), error -> timedOut.get() ? timeout(script) : classifyRun(error));
    }

    private ScriptResult execute(Script script, Session.Command[] holder, LeadingLine[] marker, Runnable abort,
                                 AtomicBoolean timedOut) throws Exception {
        long start = System.nanoTime();
        try (Session session = client.startSession()) {
            CappedOutput out = new CappedOutput(config.maxOutputBytes());
            CappedOutput err = new CappedOutput(config.maxOutputBytes());
            marker[0] = new LeadingLine(err);
            // sshd makes the command's shell a process group leader: its pid is the group to kill on timeout
            Session.Command command = session.exec(PGID_MARKER + script.body());
            holder[0] = command;
            ScheduledFuture<?> deadline = calls.schedule(abort, script.timeout());
            try {
                command.getOutputStream().close();
                Thread errPump = Thread.ofVirtual().name("osiris-ssh-stderr")
                        .start(() -> drain(command.getErrorStream(), marker[0]));
                drain(command.getInputStream(), out);
                errPump.join(script.timeout().toMillis());
                command.join(config.operationTimeout().toMillis(), TimeUnit.MILLISECONDS);
                if (timedOut.get()) {
                    throw timeout(script);
                }
                Integer exit = command.getExitStatus();
                if (exit == null) {
                    // killed by a signal (no exit-status); report like OpenSSH's client does
                    exit = command.getExitSignal() != null ? 128 + 15 : 255;
                }
                return new ScriptResult(exit, out.text(), err.text(), Duration.ofNanos(System.nanoTime() - start),
                        out.truncated(), err.truncated());
            } finally {
                deadline.cancel(false);
            }
        }
    }

    /**
     * Stops a running script. The channel "signal" request is tried first, but OpenSSH ignores it for root
     * logins (no privilege separation after auth), and closing the channel does not stop the process either;
     * so the script's process group (announced in the marker line) is killed from a second session.
     */
    private void terminate(Session.Command command, LeadingLine marker) {
        if (command == null) {
            return;
        }
        try {
            command.signal(Signal.KILL);
        } catch (IOException | RuntimeException ignored) {
            // the channel may already be closing
        }
        String pgid = marker == null || marker.value() == null ? "" : marker.value().replace(PGID_PREFIX, "");
        if (pgid.matches("[0-9]{1,10}")) {
            try (Session killer = client.startSession();
                 Session.Command kill = killer.exec("kill -KILL -- -" + pgid + " 2>/dev/null || kill -KILL " + pgid)) {
                kill.join(config.operationTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (IOException | RuntimeException ignored) {
                // connection gone: the host's sshd reaps the session when it notices
            }
        }
        closeQuietly(command);
    }

    private static void drain(InputStream in, OutputStream sink) {
        byte[] buffer = new byte[16 * 1024];
        try (in) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                sink.write(buffer, 0, n);
            }
        } catch (IOException e) {
            // the channel was closed (deadline or disconnect); the caller decides what that means
        }
    }

    private RemoteFailure timeout(Script script) {
        return new RemoteFailure(Reason.TIMEOUT,
                describe() + ": script " + script.name() + " exceeded " + script.timeout().toSeconds() + " s and was terminated");
    }

    private RemoteFailure classifyRun(Throwable error) {
        return NetworkFailures.find(error, describe(), false)
                .orElseGet(() -> new RemoteFailure(Reason.PROTOCOL, describe() + ": " + NetworkFailures.describe(error), error));
    }

    private static RemoteFailure classifyConnect(Target target, Throwable error, HostKeyCheck hostKeys) {
        if (hostKeys.refusal().isPresent()) {
            return hostKeys.refusal().get();
        }
        if (error instanceof UserAuthException) {
            return new RemoteFailure(Reason.AUTHENTICATION, target + ": " + error.getMessage());
        }
        var network = NetworkFailures.find(error, target.toString(), true);
        if (network.isPresent()) {
            return network.get();
        }
        if (error instanceof TransportException && String.valueOf(error.getMessage()).toLowerCase().contains("timeout")) {
            // no key exchange within the timeout: a silent or stuck peer
            return new RemoteFailure(Reason.CONNECT_TIMEOUT, target + ": no SSH handshake: " + error.getMessage(), error);
        }
        return new RemoteFailure(Reason.PROTOCOL, target + ": not an SSH server: " + NetworkFailures.describe(error), error);
    }

    @Override
    public String describe() {
        return target.toString();
    }

    @Override
    public Future<Void> close() {
        if (!closed.compareAndSet(false, true)) {
            return Future.succeededFuture();
        }
        RemoteFailure slow = new RemoteFailure(Reason.TIMEOUT, describe() + ": disconnect took too long");
        return calls.call(() -> {
            closeQuietly(client);
            return (Void) null;
        }, config.operationTimeout(), () -> { }, () -> slow, e -> slow).otherwiseEmpty();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception ignored) {
            // closing is best effort; the connection is abandoned either way
        }
    }

    private static DefaultConfig sshConfig() {
        DefaultConfig c = new DefaultConfig();
        c.setKeepAliveProvider(KeepAliveProvider.KEEP_ALIVE);
        return c;
    }
}
