package dev.osiris.agent.remote;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.net.ssl.SSLContext;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A deliberately small WS-Management cmd-shell peer (Basic auth only) for testing the WinRM adapter's own
 * behaviour: shell reuse, command-line limits and uploads, UTF-8, deadlines and Signal terminate. It "runs"
 * PowerShell by pattern: {@code exit N}, {@code Write-Output 'x'}, {@code Write-Error 'x'}, {@code Start-Sleep}
 * (never finishes until signalled), {@code Big-Output N}. It is not the lab's Windows host emulator.
 */
final class FakeWinRmHost implements AutoCloseable {

    private static final String SOAP = "http://www.w3.org/2003/05/soap-envelope";
    private static final String ADDR = "http://schemas.xmlsoap.org/ws/2004/08/addressing";
    private static final String WSMAN = "http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd";
    private static final String SHELL = "http://schemas.microsoft.com/wbem/wsman/1/windows/shell";
    private static final Pattern UPLOAD = Pattern.compile(">>\"%TEMP%\\\\(osiris-[0-9a-f-]+\\.b64)\" echo ([A-Za-z0-9+/=]+)");
    private static final Pattern BOOTSTRAP_FILE = Pattern.compile("Join-Path \\$env:TEMP '(osiris-[0-9a-f-]+\\.b64)'");

    final AtomicInteger creates = new AtomicInteger();
    final AtomicInteger deletes = new AtomicInteger();
    final List<String> signals = new CopyOnWriteArrayList<>();
    final List<String> commandLines = new CopyOnWriteArrayList<>();
    final List<String> scriptsRun = new CopyOnWriteArrayList<>();
    private final Map<String, StringBuilder> files = new ConcurrentHashMap<>();
    private final Map<String, Outcome> commands = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> terminated = new ConcurrentHashMap<>();
    private final HttpServer server;
    private final String expectedAuthorization;

    private record Outcome(int exitCode, byte[] stdout, byte[] stderr, boolean hangs) {
    }

    private FakeWinRmHost(HttpServer server, String user, String password) {
        this.server = server;
        this.expectedAuthorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        server.createContext("/wsman", this::handle);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    static FakeWinRmHost http(String user, String password) throws IOException {
        return new FakeWinRmHost(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16), user, password);
    }

    static FakeWinRmHost https(SSLContext ssl, String user, String password) throws IOException {
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setHttpsConfigurator(new HttpsConfigurator(ssl));
        return new FakeWinRmHost(server, user, password);
    }

    int port() {
        return server.getAddress().getPort();
    }

    URI endpoint() {
        return URI.create((server instanceof HttpsServer ? "https" : "http") + "://127.0.0.1:" + port() + "/wsman");
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (!expectedAuthorization.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"WSMAN\"");
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            Document request = parse(body);
            String action = text(request, ADDR, "Action");
            String messageId = text(request, ADDR, "MessageID");
            String answer = switch (action.substring(action.lastIndexOf('/') + 1)) {
                case "Create" -> create();
                case "Command" -> command(request);
                case "Receive" -> receive(request, text(request, WSMAN, "OperationTimeout"));
                case "Signal" -> signal(request);
                case "Delete" -> {
                    deletes.incrementAndGet();
                    yield "";
                }
                default -> throw new IllegalStateException("unexpected action " + action);
            };
            boolean fault = answer.startsWith("<s:Fault");
            byte[] out = envelope(fault ? "http://schemas.dmtf.org/wbem/wsman/1/wsman/fault" : action + "Response", messageId, answer)
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/soap+xml;charset=UTF-8");
            exchange.sendResponseHeaders(fault ? 500 : 200, out.length);
            exchange.getResponseBody().write(out);
        } catch (Exception e) {
            exchange.sendResponseHeaders(400, -1);
        }
    }

    private String create() {
        creates.incrementAndGet();
        return "<x:ResourceCreated><a:Address>" + endpoint() + "</a:Address><a:ReferenceParameters>"
                + "<w:ResourceURI>http://schemas.microsoft.com/wbem/wsman/1/windows/shell/cmd</w:ResourceURI>"
                + "<w:SelectorSet><w:Selector Name=\"ShellId\">" + UUID.randomUUID().toString().toUpperCase()
                + "</w:Selector></w:SelectorSet></a:ReferenceParameters></x:ResourceCreated>";
    }

    private String command(Document request) {
        String line = text(request, SHELL, "Command");
        commandLines.add(line);
        String id = UUID.randomUUID().toString().toUpperCase();
        commands.put(id, run(line));
        terminated.put(id, new CountDownLatch(1));
        return "<rsp:CommandResponse><rsp:CommandId>" + id + "</rsp:CommandId></rsp:CommandResponse>";
    }

    private Outcome run(String line) {
        if (line.length() > WinRmCommandLines.MAX_COMMAND_LINE) {
            return new Outcome(1, new byte[0], "The command line is too long.\r\n".getBytes(StandardCharsets.UTF_8), false);
        }
        Matcher upload = UPLOAD.matcher(line);
        if (upload.matches()) {
            files.computeIfAbsent(upload.group(1), f -> new StringBuilder()).append(upload.group(2));
            return new Outcome(0, new byte[0], new byte[0], false);
        }
        String script = new String(Base64.getDecoder().decode(line.substring(line.lastIndexOf(' ') + 1)), StandardCharsets.UTF_16LE);
        Matcher bootstrap = BOOTSTRAP_FILE.matcher(script);
        if (bootstrap.find()) {
            StringBuilder payload = files.remove(bootstrap.group(1));
            script = new String(Base64.getDecoder().decode(payload.toString()), StandardCharsets.UTF_8);
        }
        scriptsRun.add(script);
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        int exit = 0;
        boolean hangs = false;
        for (String statement : script.split("\r?\n")) {
            Matcher m;
            if ((m = Pattern.compile("^Write-Output '(.*)'$").matcher(statement)).matches()) {
                out.append(m.group(1)).append("\r\n");
            } else if ((m = Pattern.compile("^Write-Error '(.*)'$").matcher(statement)).matches()) {
                err.append(m.group(1)).append("\r\n");
            } else if ((m = Pattern.compile("^exit (\\d+)$").matcher(statement)).matches()) {
                exit = Integer.parseInt(m.group(1));
            } else if ((m = Pattern.compile("^Big-Output (\\d+)$").matcher(statement)).matches()) {
                out.append("x".repeat(Integer.parseInt(m.group(1))));
            } else if (statement.startsWith("Start-Sleep")) {
                hangs = true;
            }
        }
        return new Outcome(exit, out.toString().getBytes(StandardCharsets.UTF_8), err.toString().getBytes(StandardCharsets.UTF_8), hangs);
    }

    private String receive(Document request, String operationTimeout) throws InterruptedException {
        Element desired = (Element) request.getElementsByTagNameNS(SHELL, "DesiredStream").item(0);
        String id = desired.hasAttribute("CommandId") ? desired.getAttribute("CommandId") : desired.getAttributeNS(SHELL, "CommandId");
        Outcome outcome = commands.get(id);
        if (outcome.hangs()) {
            // hold the Receive for the OperationTimeout (or until terminated), then answer as Windows does
            terminated.get(id).await(Duration.parse(operationTimeout).toMillis(), TimeUnit.MILLISECONDS);
            return "<s:Fault><s:Code><s:Value>s:Receiver</s:Value><s:Subcode><s:Value>w:TimedOut</s:Value></s:Subcode></s:Code>"
                    + "<s:Reason><s:Text xml:lang=\"en-US\">The WS-Management service cannot complete the operation within the time specified in OperationTimeout.</s:Text></s:Reason>"
                    + "<s:Detail><f:WSManFault xmlns:f=\"http://schemas.microsoft.com/wbem/wsman/1/wsmanfault\" Code=\"2150858793\" Machine=\"fake\">"
                    + "<f:Message>timed out</f:Message></f:WSManFault></s:Detail></s:Fault>";
        }
        String b64 = Base64.getEncoder().encodeToString(outcome.stdout());
        String e64 = Base64.getEncoder().encodeToString(outcome.stderr());
        return "<rsp:ReceiveResponse>"
                + "<rsp:Stream Name=\"stdout\" CommandId=\"" + id + "\">" + b64 + "</rsp:Stream>"
                + "<rsp:Stream Name=\"stderr\" CommandId=\"" + id + "\">" + e64 + "</rsp:Stream>"
                + "<rsp:Stream Name=\"stdout\" CommandId=\"" + id + "\" End=\"true\"></rsp:Stream>"
                + "<rsp:Stream Name=\"stderr\" CommandId=\"" + id + "\" End=\"true\"></rsp:Stream>"
                + "<rsp:CommandState CommandId=\"" + id + "\" State=\"" + SHELL + "/CommandState/Done\">"
                + "<rsp:ExitCode>" + outcome.exitCode() + "</rsp:ExitCode></rsp:CommandState></rsp:ReceiveResponse>";
    }

    private String signal(Document request) {
        Element signal = (Element) request.getElementsByTagNameNS(SHELL, "Signal").item(0);
        String id = signal.getAttribute("CommandId");
        String code = text(request, SHELL, "Code");
        signals.add(id + " " + code.substring(code.lastIndexOf('/') + 1));
        CountDownLatch latch = terminated.get(id);
        if (latch != null) {
            latch.countDown();
        }
        return "<rsp:SignalResponse/>";
    }

    /** Whether the command whose script contained {@code marker} was sent Signal terminate. */
    boolean terminatedCommandRunning(String marker) {
        return signals.stream().anyMatch(s -> s.endsWith(" terminate"))
                && scriptsRun.stream().anyMatch(s -> s.contains(marker));
    }

    private static String envelope(String action, String relatesTo, String body) {
        return "<s:Envelope xmlns:s=\"" + SOAP + "\" xmlns:a=\"" + ADDR + "\" xmlns:x=\"http://schemas.xmlsoap.org/ws/2004/09/transfer\""
                + " xmlns:w=\"" + WSMAN + "\" xmlns:rsp=\"" + SHELL + "\"><s:Header><a:Action>" + action + "</a:Action>"
                + "<a:MessageID>uuid:" + UUID.randomUUID().toString().toUpperCase() + "</a:MessageID>"
                + "<a:To>http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</a:To>"
                + "<a:RelatesTo>" + relatesTo + "</a:RelatesTo></s:Header><s:Body>" + body + "</s:Body></s:Envelope>";
    }

    private static Document parse(byte[] body) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(body));
    }

    private static String text(Document doc, String ns, String local) {
        NodeList nodes = doc.getElementsByTagNameNS(ns, local);
        return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent().strip();
    }

    @Override
    public void close() {
        terminated.values().forEach(CountDownLatch::countDown);
        server.stop(0);
    }
}
