package dev.osiris.lab.windows.wsman;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.w3c.dom.Element;

/**
 * The WinRS operations (Create, Command, Receive, Signal, Delete). Runs on the event loop; commands run
 * in the {@link CommandRunner}, Receive long-polls with a timer up to the request's OperationTimeout.
 */
final class WsmanService {

    /** Largest raw chunk of one stream per Receive: keeps responses well under MaxEnvelopeSize 153600. */
    private static final int MAX_CHUNK = 48 * 1024;
    private static final int MAX_COMMAND_CHARS = 32_767;

    private final java.util.concurrent.atomic.AtomicLong signals = new java.util.concurrent.atomic.AtomicLong();
    private final Vertx vertx;
    private final CommandRunner runner;
    private final String hostName;
    private final int maxShellsPerUser;
    private final Duration maxOperationTimeout;
    private final Map<String, RemoteShell> shells = new ConcurrentHashMap<>();

    private final long sweeper;

    WsmanService(Vertx vertx, CommandRunner runner, String hostName, int maxShellsPerUser, Duration maxOperationTimeout,
                 Duration shellIdleTimeout) {
        this.vertx = vertx;
        this.runner = runner;
        this.hostName = hostName;
        this.maxShellsPerUser = maxShellsPerUser;
        this.maxOperationTimeout = maxOperationTimeout;
        long idle = shellIdleTimeout.toNanos();
        long period = Math.max(10, Math.min(60_000, shellIdleTimeout.toMillis() / 2));
        // like WinRS IdleTimeOut: shells nobody talks to (and with nothing running) go away
        this.sweeper = vertx.setPeriodic(period, id -> {
            long now = System.nanoTime();
            shells.values().removeIf(s -> s.idleFor(idle, now));
        });
    }

    /** Handles one request; the future fails with {@link WsmanFault} for a fault response. */
    Future<String> handle(SoapRequest req, Principal principal, String address, Future<Void> clientGone) {
        try {
            return switch (req.action()) {
                case Ns.ACTION_CREATE -> Future.succeededFuture(create(req, principal, address));
                case Ns.ACTION_COMMAND -> Future.succeededFuture(command(req, principal));
                case Ns.ACTION_RECEIVE -> receive(req, principal, clientGone);
                case Ns.ACTION_SIGNAL -> Future.succeededFuture(signal(req, principal));
                case Ns.ACTION_DELETE -> Future.succeededFuture(delete(req, principal));
                case Ns.ACTION_SEND -> throw WsmanFault.unsupported("the Send (stdin) operation");
                default -> throw WsmanFault.unsupported("the action " + req.action());
            };
        } catch (WsmanFault f) {
            return Future.failedFuture(f);
        }
    }

    int openShells() {
        return shells.size();
    }

    long signals() {
        return signals.get();
    }

    private void requireCmdResource(SoapRequest req) {
        if (req.resourceUri() != null && !req.resourceUri().equalsIgnoreCase(Ns.CMD_RESOURCE)) {
            throw WsmanFault.unsupported("the resource " + req.resourceUri() + " (only the cmd shell)");
        }
    }

    private String create(SoapRequest req, Principal principal, String address) {
        requireCmdResource(req);
        if (req.body() == null || !"Shell".equals(req.body().getLocalName())) {
            throw WsmanFault.invalid("Create needs an rsp:Shell body.");
        }
        long mine = shells.values().stream().filter(s -> s.owner().qualified().equalsIgnoreCase(principal.qualified())).count();
        if (mine >= maxShellsPerUser) {
            throw new WsmanFault("s:Receiver", "w:InternalError", WsmanFault.QUOTA_EXCEEDED, "The WS-Management "
                    + "service cannot process the request. This user is allowed a maximum number of "
                    + maxShellsPerUser + " concurrent shells, which has been exceeded. Close existing shells or raise "
                    + "the quota for this user.");
        }
        java.util.Map<String, String> env = new java.util.LinkedHashMap<>();
        for (Element v : SoapRequest.children(SoapRequest.child(req.body(), Ns.SHELL, "Environment"), Ns.SHELL, "Variable")) {
            env.put(v.getAttribute("Name"), v.getTextContent());
        }
        String id = SoapWriter.newId();
        shells.put(id, new RemoteShell(id, principal, env));
        String body = "<x:ResourceCreated><a:Address>" + SoapWriter.escape(address) + "</a:Address><a:ReferenceParameters>"
                + "<w:ResourceURI>" + Ns.CMD_RESOURCE + "</w:ResourceURI><w:SelectorSet><w:Selector Name=\"ShellId\">" + id
                + "</w:Selector></w:SelectorSet></a:ReferenceParameters></x:ResourceCreated>"
                + "<rsp:Shell><rsp:ShellId>" + id + "</rsp:ShellId><rsp:ResourceUri>" + Ns.CMD_RESOURCE
                + "</rsp:ResourceUri><rsp:Owner>" + SoapWriter.escape(principal.qualified()) + "</rsp:Owner>"
                + "<rsp:ClientIP>127.0.0.1</rsp:ClientIP><rsp:IdleTimeOut>PT7200.000S</rsp:IdleTimeOut>"
                + "<rsp:InputStreams>stdin</rsp:InputStreams><rsp:OutputStreams>stdout stderr</rsp:OutputStreams>"
                + "<rsp:ShellRunTime>P0DT0H0M0S</rsp:ShellRunTime><rsp:ShellInactivity>P0DT0H0M0S</rsp:ShellInactivity>"
                + "</rsp:Shell>";
        return SoapWriter.envelope(Ns.TRANSFER + "/CreateResponse", req.messageId(), body);
    }

    private RemoteShell shell(SoapRequest req, Principal principal) {
        String id = req.selectors().get("ShellId");
        if (id == null) {
            throw WsmanFault.invalid("The ShellId selector is missing.");
        }
        RemoteShell shell = shells.get(id);
        if (shell == null || !shell.owner().qualified().equalsIgnoreCase(principal.qualified())) {
            throw WsmanFault.shellNotFound(id);
        }
        shell.touch();
        return shell;
    }

    private String command(SoapRequest req, Principal principal) {
        requireCmdResource(req);
        RemoteShell shell = shell(req, principal);
        Element line = req.body();
        if (line == null || !"CommandLine".equals(line.getLocalName())) {
            throw WsmanFault.invalid("Command needs an rsp:CommandLine body.");
        }
        String command = SoapRequest.text(SoapRequest.child(line, Ns.SHELL, "Command"));
        if (command == null || command.isEmpty()) {
            throw WsmanFault.invalid("rsp:Command is missing or empty.");
        }
        StringBuilder full = new StringBuilder(command);
        for (Element arg : SoapRequest.children(line, Ns.SHELL, "Arguments")) {
            full.append(' ').append(arg.getTextContent());
        }
        if (full.length() > MAX_COMMAND_CHARS) {
            throw new WsmanFault("s:Receiver", "w:InternalError", WsmanFault.FILENAME_TOO_LONG,
                    "The filename or extension is too long. ");
        }
        RemoteCommand cmd = new RemoteCommand(SoapWriter.newId(), full.toString());
        shell.commands().put(cmd.id(), cmd);
        runner.start(cmd, shell.owner(), shell.environment());
        return SoapWriter.envelope(Ns.SHELL + "/CommandResponse", req.messageId(),
                "<rsp:CommandResponse><rsp:CommandId>" + cmd.id() + "</rsp:CommandId></rsp:CommandResponse>");
    }

    private RemoteCommand commandOf(RemoteShell shell, Element e) {
        String id = SoapRequest.attribute(e, Ns.SHELL, "CommandId");
        if (id == null) {
            throw WsmanFault.invalid("The CommandId attribute is missing.");
        }
        RemoteCommand cmd = shell.commands().get(id);
        if (cmd == null) {
            throw WsmanFault.commandNotFound(id);
        }
        return cmd;
    }

    private Future<String> receive(SoapRequest req, Principal principal, Future<Void> clientGone) {
        RemoteShell shell = shell(req, principal);
        Element desired = SoapRequest.child(req.body(), Ns.SHELL, "DesiredStream");
        if (req.body() == null || !"Receive".equals(req.body().getLocalName()) || desired == null) {
            throw WsmanFault.invalid("Receive needs rsp:Receive/rsp:DesiredStream.");
        }
        RemoteCommand cmd = commandOf(shell, desired);
        if (cmd.hasNews()) {
            return Future.succeededFuture(receiveResponse(req, cmd, cmd.take(MAX_CHUNK)));
        }
        Duration timeout = req.operationTimeout().compareTo(maxOperationTimeout) > 0 ? maxOperationTimeout
                : req.operationTimeout();
        Promise<String> promise = Promise.promise();
        io.vertx.core.Context context = vertx.getOrCreateContext();
        Runnable[] listener = new Runnable[1];
        long timer = vertx.setTimer(Math.max(1, timeout.toMillis()), id -> {
            cmd.removeListener(listener[0]);
            promise.tryFail(WsmanFault.operationTimeout());
        });
        listener[0] = () -> context.runOnContext(v -> {
            if (!promise.future().isComplete() && cmd.hasNews()) {
                vertx.cancelTimer(timer);
                cmd.removeListener(listener[0]);
                promise.tryComplete(receiveResponse(req, cmd, cmd.take(MAX_CHUNK)));
            }
        });
        cmd.addListener(listener[0]);
        // a client that gave up must not take output with it: stop waiting, leave the output for the next Receive
        clientGone.onComplete(v -> {
            vertx.cancelTimer(timer);
            cmd.removeListener(listener[0]);
            promise.tryFail(WsmanFault.operationTimeout());
        });
        listener[0].run();
        return promise.future();
    }

    private String receiveResponse(SoapRequest req, RemoteCommand cmd, RemoteCommand.Chunk chunk) {
        StringBuilder sb = new StringBuilder("<rsp:ReceiveResponse>");
        String id = cmd.id();
        if (chunk.stdout().length > 0) {
            sb.append(stream("stdout", id, chunk.stdout()));
        }
        if (chunk.stderr().length > 0) {
            sb.append(stream("stderr", id, chunk.stderr()));
        }
        if (chunk.done()) {
            sb.append("<rsp:Stream Name=\"stdout\" CommandId=\"").append(id).append("\" End=\"true\"></rsp:Stream>");
            sb.append("<rsp:Stream Name=\"stderr\" CommandId=\"").append(id).append("\" End=\"true\"></rsp:Stream>");
            sb.append("<rsp:CommandState CommandId=\"").append(id).append("\" State=\"").append(Ns.STATE_DONE)
                    .append("\"><rsp:ExitCode>").append(chunk.exitCode()).append("</rsp:ExitCode></rsp:CommandState>");
        } else {
            sb.append("<rsp:CommandState CommandId=\"").append(id).append("\" State=\"").append(Ns.STATE_RUNNING)
                    .append("\"></rsp:CommandState>");
        }
        sb.append("</rsp:ReceiveResponse>");
        return SoapWriter.envelope(Ns.SHELL + "/ReceiveResponse", req.messageId(), sb.toString());
    }

    private static String stream(String name, String id, byte[] data) {
        return "<rsp:Stream Name=\"" + name + "\" CommandId=\"" + id + "\">" + Base64.getEncoder().encodeToString(data)
                + "</rsp:Stream>";
    }

    private String signal(SoapRequest req, Principal principal) {
        RemoteShell shell = shell(req, principal);
        Element signal = req.body();
        if (signal == null || !"Signal".equals(signal.getLocalName())) {
            throw WsmanFault.invalid("Signal needs an rsp:Signal body.");
        }
        RemoteCommand cmd = commandOf(shell, signal);
        String code = SoapRequest.text(SoapRequest.child(signal, Ns.SHELL, "Code"));
        if (code == null || !(code.equals(Ns.SIGNAL_TERMINATE) || code.equals(Ns.SIGNAL_CTRL_C)
                || code.equals(Ns.SIGNAL_CTRL_BREAK))) {
            throw WsmanFault.unsupported("the signal code " + code);
        }
        cmd.terminate();
        signals.incrementAndGet();
        if (code.equals(Ns.SIGNAL_TERMINATE)) {
            shell.commands().remove(cmd.id());
        }
        return SoapWriter.envelope(Ns.SHELL + "/SignalResponse", req.messageId(), "<rsp:SignalResponse/>");
    }

    private String delete(SoapRequest req, Principal principal) {
        RemoteShell shell = shell(req, principal);
        shells.remove(shell.id());
        shell.commands().values().forEach(RemoteCommand::terminate);
        return SoapWriter.envelope(Ns.TRANSFER + "/DeleteResponse", req.messageId(), "");
    }

    void closeAll() {
        vertx.cancelTimer(sweeper);
        shells.values().forEach(s -> s.commands().values().forEach(RemoteCommand::terminate));
        shells.clear();
    }

    String hostName() {
        return hostName;
    }
}
