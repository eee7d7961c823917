package dev.osiris.lab.windows.wsman;

import dev.osiris.lab.windows.model.WindowsHost;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.function.Function;

/** Wires the WS-Management pieces of one emulated host: HTTP handler, WinRS service, command runner. */
public final class WsmanEndpoint {

    /** Listener-independent settings. */
    public record Settings(boolean allowBasic, boolean allowNtlm, boolean offerNtlmScheme, boolean allowUnencrypted,
                           int maxRequestBytes,
                           int maxShellsPerUser, Duration maxOperationTimeout,
                           Function<String, Duration> simulatedDuration, boolean clixmlErrors,
                           Duration shellIdleTimeout) {
    }

    private final CommandRunner runner;
    private final WsmanService service;
    private final WsmanHttpHandler handler;

    public WsmanEndpoint(Vertx vertx, WindowsHost host, java.util.List<dev.osiris.lab.windows.model.Account> accounts,
                         Settings s) {
        this.runner = new CommandRunner(host, new VertxSleeper(vertx), s.simulatedDuration(), s.clixmlErrors());
        this.service = new WsmanService(vertx, runner, host.name(), s.maxShellsPerUser(), s.maxOperationTimeout(),
                s.shellIdleTimeout());
        this.handler = new WsmanHttpHandler(host, accounts, new WsmanHttpHandler.Settings(s.allowBasic(), s.allowNtlm(),
                s.offerNtlmScheme(), s.allowUnencrypted(), s.maxRequestBytes(), Duration.ofSeconds(60)), service);
    }

    public Handler<HttpServerRequest> handler() {
        return handler;
    }

    /** Shells currently open (created and not yet deleted or idled out). */
    public int openShells() {
        return service.openShells();
    }

    /** Signal requests (terminate, ctrl_c, ctrl_break) received so far: a client stopping a command it gave up on. */
    public long signals() {
        return service.signals();
    }

    /** NTLM handshakes completed so far: with one connection per client session, one per session. */
    public long ntlmContexts() {
        return handler.ntlmContexts();
    }

    /** Domain-account logons refused because the domain's clocks are more than 5 minutes apart. */
    public long skewRefusals() {
        return handler.skewRefusals();
    }

    /** Terminates all commands and stops the command executor. */
    public void close() {
        service.closeAll();
        runner.close();
    }
}
