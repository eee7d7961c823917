package dev.osiris.agent.remote;

import dev.osiris.agent.remote.RemoteFailure.Reason;
import dev.osiris.protocol.checkin.Target;
import dev.osiris.protocol.checkin.Transport;
import dev.osiris.protocol.checkin.TransportSecurity;
import io.cloudsoft.winrm4j.client.WinRmClientContext;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Opens {@link RemoteShell}s to targets. Owns one bounded worker pool per transport (sized by
 * {@link RemoteConfig}), so a slow or hung host can only ever occupy its own transport's workers and never an
 * event loop. One instance per agent; {@link #close()} at shutdown.
 *
 * <p>{@link #open} fails only with {@link RemoteFailure}: DNS, CONNECT_REFUSED, CONNECT_TIMEOUT, TLS_CERTIFICATE,
 * HOST_KEY_CHANGED, HOST_KEY_UNKNOWN, AUTHENTICATION, PROTOCOL, or CLEARTEXT_REFUSED (WinRM Basic over plain HTTP
 * whose cleartext risk nobody accepted: the password is never sent).
 */
public final class RemoteShells {

    private final RemoteConfig config;
    private final KnownHosts knownHosts;
    private final BlockingCalls winrm;
    private final BlockingCalls ssh;

    public RemoteShells(Vertx vertx, RemoteConfig config, KnownHosts knownHosts) {
        if (!StandardCharsets.UTF_8.equals(Charset.defaultCharset())) {
            // winrm4j decodes output with the default charset; the scripts make the host emit UTF-8
            throw new IllegalStateException("the agent must run with UTF-8 as default charset (file.encoding), found "
                    + Charset.defaultCharset());
        }
        this.config = config;
        this.knownHosts = knownHosts;
        this.winrm = new BlockingCalls(vertx, "osiris-remote-winrm", config.winrmWorkers());
        this.ssh = new BlockingCalls(vertx, "osiris-remote-ssh", config.sshWorkers());
    }

    /** Connects and authenticates to the target over its transport. */
    public Future<RemoteShell> open(Target target) {
        if (refusedAsCleartext(target, target.security())) {
            return Future.failedFuture(cleartextRefused(target));
        }
        return switch (target.transport()) {
            case SSH -> SshRemoteShell.open(target, config, knownHosts, ssh);
            case WINRM -> openWinRm(target, WinRmRemoteShell.endpointOf(target));
        };
    }

    /**
     * Opens a WinRM shell at an explicit listener URL ({@code http(s)://host:port/wsman}), e.g. an emulator;
     * the target still supplies account, secret, auth scheme and pin.
     */
    public Future<RemoteShell> openWinRm(Target target, URI endpoint) {
        if (target.transport() != Transport.WINRM) {
            return Future.failedFuture(new RemoteFailure(Reason.PROTOCOL, target + " is not a WinRM target"));
        }
        if (refusedAsCleartext(target, TransportSecurity.of(Transport.WINRM, "https".equals(endpoint.getScheme()),
                target.auth(), target.pin()))) {
            return Future.failedFuture(cleartextRefused(target));
        }
        // one winrm4j context (CXF bus, HTTP client, connection pool) per shell: with a shared one, a client built
        // with a wrong password authenticated anyway, on credentials cached from an earlier client of that endpoint
        WinRmClientContext own = WinRmClientContext.newInstance();
        return WinRmRemoteShell.open(target, endpoint, config, own, winrm)
                .<RemoteShell>map(shell -> new ContextOwningShell(shell, own))
                .onFailure(e -> shutdownLater(own));
    }

    /** Basic over plain HTTP is used only when the partner accepted its cleartext risk for this credential. */
    private static boolean refusedAsCleartext(Target target, TransportSecurity security) {
        return security == TransportSecurity.CLEARTEXT && target.cleartextRisk() == null;
    }

    private static RemoteFailure cleartextRefused(Target target) {
        return new RemoteFailure(Reason.CLEARTEXT_REFUSED, target + ": basic over plain http would send the password in"
                + " clear text; use https or ntlm, or accept the risk for this credential at the relay"
                + " (credential add --accept-cleartext-risk)");
    }

    private static void shutdownLater(WinRmClientContext context) {
        Thread.ofVirtual().name("osiris-winrm-context-close").start(context::shutdown);
    }

    /** Shuts the shell's own winrm4j context down once the shell is closed. */
    private record ContextOwningShell(RemoteShell shell, WinRmClientContext context) implements RemoteShell {
        @Override
        public Future<ScriptResult> run(Script script) {
            return shell.run(script);
        }

        @Override
        public String describe() {
            return shell.describe();
        }

        @Override
        public Future<Void> close() {
            return shell.close().andThen(ar -> shutdownLater(context));
        }
    }

    /** The timeouts, output cap and pool widths these shells run with. */
    public RemoteConfig config() {
        return config;
    }

    /** The site's SSH known hosts, as trusted so far. */
    public KnownHosts knownHosts() {
        return knownHosts;
    }

    /** Stops the worker pools; shells still open are abandoned. */
    public void close() {
        winrm.close();
        ssh.close();
    }
}
