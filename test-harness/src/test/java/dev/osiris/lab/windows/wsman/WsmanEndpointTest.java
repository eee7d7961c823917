package dev.osiris.lab.windows.wsman;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osiris.lab.windows.WinRmEmulator;
import dev.osiris.lab.windows.WinRmEmulatorConfig;
import dev.osiris.lab.windows.model.WindowsHost;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Raw WS-Management exchanges (Basic over plain HTTP, AllowUnencrypted on): faults, signals, limits.
 *
 * <p>Basic over plain HTTP here is deliberate and accepted as a risk for this test alone: it reads the emulator's
 * SOAP in the clear, on loopback, with the emulator's lab-only password. It is not a way the appliance connects:
 * the relay refuses such a credential unless its risk is accepted, the agent refuses to use it otherwise, the lab
 * ({@code LabSpec}) allows Basic only over HTTPS, and the emulator, like Windows, refuses plaintext SOAP over HTTP
 * unless AllowUnencrypted is switched on as below.
 */
@ExtendWith(VertxExtension.class)
class WsmanEndpointTest {

    private static final String SHELL = "http://schemas.microsoft.com/wbem/wsman/1/windows/shell";
    private WinRmEmulator emulator;
    private WebClient client;
    private String basic;

    @BeforeEach
    void start(Vertx vertx) {
        emulator = WinRmEmulator.start(vertx, WinRmEmulatorConfig.builder(WindowsHost.workstation("NVWS01"))
                .httpsPort(-1).allowUnencrypted(true).maxRequestBytes(64 * 1024).build()).await();
        client = WebClient.create(vertx);
        basic = "Basic " + Base64.getEncoder().encodeToString((WindowsHost.LOCAL_ACCOUNT.user() + ":"
                + WindowsHost.LOCAL_ACCOUNT.password()).getBytes(StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() {
        emulator.close().await();
    }

    private static String envelope(String action, String messageId, String shellId, String timeout, String body) {
        return "<env:Envelope xmlns:env=\"http://www.w3.org/2003/05/soap-envelope\" "
                + "xmlns:a=\"http://schemas.xmlsoap.org/ws/2004/08/addressing\" "
                + "xmlns:w=\"http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd\" xmlns:rsp=\"" + SHELL + "\"><env:Header>"
                + "<a:To>http://windows-host:5985/wsman</a:To><a:Action mustUnderstand=\"true\">" + action + "</a:Action>"
                + "<a:MessageID>" + messageId + "</a:MessageID><w:ResourceURI>" + SHELL + "/cmd</w:ResourceURI>"
                + (shellId == null ? "" : "<w:SelectorSet><w:Selector Name=\"ShellId\">" + shellId + "</w:Selector></w:SelectorSet>")
                + "<w:OperationTimeout>" + timeout + "</w:OperationTimeout></env:Header><env:Body>" + body
                + "</env:Body></env:Envelope>";
    }

    private HttpResponse<Buffer> post(String xml) {
        return client.postAbs(emulator.httpUrl()).putHeader("Authorization", basic)
                .putHeader("Content-Type", "application/soap+xml;charset=UTF-8").sendBuffer(Buffer.buffer(xml)).await();
    }

    private static String find(String regex, String text) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as("%s in %s", regex, text).isTrue();
        return m.group(1);
    }

    private String createShell() {
        String id = "uuid:" + UUID.randomUUID();
        HttpResponse<Buffer> r = post(envelope("http://schemas.xmlsoap.org/ws/2004/09/transfer/Create", id, null, "PT20S",
                "<rsp:Shell><rsp:InputStreams>stdin</rsp:InputStreams><rsp:OutputStreams>stdout stderr</rsp:OutputStreams></rsp:Shell>"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.bodyAsString()).contains("<a:RelatesTo>" + id + "</a:RelatesTo>").contains("<x:ResourceCreated>");
        return find("<w:Selector Name=\"ShellId\">([^<]+)<", r.bodyAsString());
    }

    private String command(String shell, String line) {
        HttpResponse<Buffer> r = post(envelope(SHELL + "/Command", "uuid:" + UUID.randomUUID(), shell, "PT20S",
                "<rsp:CommandLine><rsp:Command>" + line + "</rsp:Command></rsp:CommandLine>"));
        assertThat(r.statusCode()).isEqualTo(200);
        return find("<rsp:CommandId>([^<]+)<", r.bodyAsString());
    }

    private HttpResponse<Buffer> receive(String shell, String command, String timeout) {
        return post(envelope(SHELL + "/Receive", "uuid:" + UUID.randomUUID(), shell, timeout,
                "<rsp:Receive><rsp:DesiredStream CommandId=\"" + command + "\">stdout stderr</rsp:DesiredStream></rsp:Receive>"));
    }

    /** Receives until CommandState Done (output may come in Running responses first); returns all bodies. */
    private String receiveUntilDone(String shell, String command) {
        StringBuilder all = new StringBuilder();
        String body;
        do {
            HttpResponse<Buffer> r = receive(shell, command, "PT20S");
            assertThat(r.statusCode()).isEqualTo(200);
            body = r.bodyAsString();
            all.append(body);
        } while (!body.contains("CommandState/Done"));
        return all.toString();
    }

    private HttpResponse<Buffer> signal(String shell, String command, String code) {
        return post(envelope(SHELL + "/Signal", "uuid:" + UUID.randomUUID(), shell, "PT20S",
                "<rsp:Signal CommandId=\"" + command + "\"><rsp:Code>" + SHELL + "/signal/" + code + "</rsp:Code></rsp:Signal>"));
    }

    @Test
    void receiveTimesOutWithWsmanFaultThenCtrlCEndsTheCommand() {
        String shell = createShell();
        String cmd = command(shell, "powershell -Command Start-Sleep -Seconds 30");
        HttpResponse<Buffer> timeout = receive(shell, cmd, "PT0.3S");
        assertThat(timeout.statusCode()).isEqualTo(500);
        assertThat(timeout.bodyAsString()).contains("Code=\"2150858793\"").contains("w:TimedOut");
        assertThat(signal(shell, cmd, "ctrl_c").statusCode()).isEqualTo(200);
        HttpResponse<Buffer> done = receive(shell, cmd, "PT20S");
        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(done.bodyAsString()).contains("CommandState/Done").contains("<rsp:ExitCode>4294967295</rsp:ExitCode>");
        assertThat(signal(shell, cmd, "terminate").statusCode()).isEqualTo(200);
        assertThat(receive(shell, cmd, "PT1S").bodyAsString()).contains("Code=\"2150858843\"");
        HttpResponse<Buffer> delete = post(envelope("http://schemas.xmlsoap.org/ws/2004/09/transfer/Delete",
                "uuid:" + UUID.randomUUID(), shell, "PT20S", ""));
        assertThat(delete.statusCode()).isEqualTo(200);
    }

    @Test
    void outputArrivesBase64WithDoneAndExitCode() {
        String shell = createShell();
        String cmd = command(shell, "echo hi &amp; exit /b 7");
        String body = receiveUntilDone(shell, cmd);
        String out = find("<rsp:Stream Name=\"stdout\" CommandId=\"[^\"]+\">([^<]+)<", body);
        assertThat(new String(Base64.getDecoder().decode(out), StandardCharsets.UTF_8)).isEqualTo("hi \r\n");
        assertThat(body).contains("End=\"true\"").contains("<rsp:ExitCode>7</rsp:ExitCode>");
    }

    @Test
    void bigOutputIsSplitAcrossReceivesBelowMaxEnvelopeSize() {
        String shell = createShell();
        String cmd = command(shell, "powershell -Command \"'x' * 200000\"");
        StringBuilder out = new StringBuilder();
        int receives = 0;
        String body;
        do {
            HttpResponse<Buffer> r = receive(shell, cmd, "PT20S");
            body = r.bodyAsString();
            assertThat(r.body().length()).isLessThan(153_600);
            Matcher m = Pattern.compile("<rsp:Stream Name=\"stdout\" CommandId=\"[^\"]+\">([^<]+)<").matcher(body);
            while (m.find()) {
                out.append(new String(Base64.getDecoder().decode(m.group(1)), StandardCharsets.UTF_8));
            }
            receives++;
        } while (!body.contains("CommandState/Done"));
        assertThat(receives).isGreaterThan(1);
        assertThat(out.toString()).isEqualTo("x".repeat(200_000) + "\r\n");
    }

    @Test
    void unknownShellAndUnsupportedActionAreLoudFaults() {
        HttpResponse<Buffer> noShell = receive("F00D", "BEEF", "PT1S");
        assertThat(noShell.statusCode()).isEqualTo(500);
        assertThat(noShell.bodyAsString()).contains("Code=\"2150858843\"").contains("F00D");
        HttpResponse<Buffer> send = post(envelope(SHELL + "/Send", "uuid:1", createShell(), "PT1S", "<rsp:Send/>"));
        assertThat(send.statusCode()).isEqualTo(500);
        assertThat(send.bodyAsString()).contains("does not support the Send");
        HttpResponse<Buffer> garbage = post("<not-soap/>");
        assertThat(garbage.statusCode()).isEqualTo(500);
        assertThat(garbage.bodyAsString()).contains("not a SOAP 1.2 envelope");
    }

    @Test
    void missingOrWrongCredentialsGet401WithBothChallenges() {
        HttpResponse<Buffer> r = client.postAbs(emulator.httpUrl()).putHeader("Content-Type", "application/soap+xml")
                .sendBuffer(Buffer.buffer("<x/>")).await();
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().getAll("WWW-Authenticate")).containsExactly("Negotiate", "Basic realm=\"WSMAN\"");
        HttpResponse<Buffer> wrong = client.postAbs(emulator.httpUrl()).putHeader("Authorization", "Basic "
                + Base64.getEncoder().encodeToString("osiris:nope".getBytes(StandardCharsets.UTF_8)))
                .sendBuffer(Buffer.buffer("<x/>")).await();
        assertThat(wrong.statusCode()).isEqualTo(401);
    }

    @Test
    void simulatedDurationHoldsTheCommandOnATimer(Vertx vertx) {
        WinRmEmulator slow = WinRmEmulator.start(vertx, WinRmEmulatorConfig.builder(WindowsHost.workstation("NVWS02"))
                .httpsPort(-1).allowUnencrypted(true)
                .simulatedDuration(line -> line.contains("slow") ? java.time.Duration.ofMillis(500) : java.time.Duration.ZERO)
                .build()).await();
        WinRmEmulator saved = emulator;
        emulator = slow;
        try {
            String shell = createShell();
            String cmd = command(shell, "echo slow");
            assertThat(receive(shell, cmd, "PT0.05S").bodyAsString()).contains("Code=\"2150858793\"");
            assertThat(receiveUntilDone(shell, cmd)).contains("<rsp:ExitCode>0</rsp:ExitCode>");
        } finally {
            emulator = saved;
            slow.close().await();
        }
    }

    @Test
    void idleShellsAreDeletedLikeWinRsIdleTimeout(Vertx vertx, io.vertx.junit5.VertxTestContext test) {
        WinRmEmulator idle = WinRmEmulator.start(vertx, WinRmEmulatorConfig.builder(WindowsHost.workstation("NVWS03"))
                .httpsPort(-1).allowUnencrypted(true).shellIdleTimeout(java.time.Duration.ofMillis(200)).build()).await();
        WinRmEmulator saved = emulator;
        emulator = idle;
        createShell();
        emulator = saved;
        assertThat(idle.openShells()).isEqualTo(1);
        vertx.setPeriodic(20, id -> {
            if (idle.openShells() == 0) {
                vertx.cancelTimer(id);
                idle.close().onComplete(test.succeedingThenComplete());
            }
        });
    }

    @Test
    void oversizedBodiesAreRefused() {
        HttpResponse<Buffer> r = post("<x>" + "a".repeat(70 * 1024) + "</x>");
        assertThat(r.statusCode()).isEqualTo(413);
    }

    @Test
    void commandLinesOverThirtyTwoKAreAProviderFault() {
        String shell = createShell();
        HttpResponse<Buffer> r = post(envelope(SHELL + "/Command", "uuid:2", shell, "PT20S",
                "<rsp:CommandLine><rsp:Command>echo " + "x".repeat(33_000) + "</rsp:Command></rsp:CommandLine>"));
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.bodyAsString()).contains("Code=\"2147942606\"").contains("The filename or extension is too long.");
    }
}
