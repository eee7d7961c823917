package dev.osiris.lab.windows;

import dev.osiris.agent.remote.KnownHosts;
import dev.osiris.agent.remote.RemoteConfig;
import dev.osiris.agent.remote.RemoteFailure;
import dev.osiris.agent.remote.RemoteShell;
import dev.osiris.agent.remote.RemoteShells;
import dev.osiris.agent.remote.Script;
import dev.osiris.agent.remote.ScriptResult;
import dev.osiris.lab.windows.model.Account;
import dev.osiris.lab.windows.model.WindowsHost;
import dev.osiris.protocol.checkin.Secret;
import dev.osiris.protocol.checkin.Target;
import dev.osiris.protocol.checkin.Transport;
import dev.osiris.testing.Await;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent's own WinRM adapter ({@link RemoteShells} → WinRmRemoteShell on winrm4j) against the emulator, the
 * way the appliance reaches a site's Windows hosts: NTLM (sealed) over http, Basic and NTLM over https with the
 * certificate pinned; refused passwords, long scripts, deadlines and the three output channels.
 */
class WinRmAgainstEmulatorIT {

    private static final Account LOCAL = WindowsHost.LOCAL_ACCOUNT;
    private static final Account DOMAIN = WindowsHost.DOMAIN_ACCOUNT;
    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(30);

    private static Vertx vertx;
    private static WinRmEmulator http;
    private static WinRmEmulator https;
    private static RemoteShells shells;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        http = Await.result(WinRmEmulator.start(vertx, WinRmEmulatorConfig.builder(WindowsHost.domainController("NVDC01"))
                .httpPort(0).httpsPort(-1).build()));
        https = Await.result(WinRmEmulator.start(vertx, WinRmEmulatorConfig.builder(WindowsHost.workstation("NVWS01"))
                .httpPort(-1).httpsPort(0).allowBasic(true).build()));
        // short operation timeout: a Receive is held 3 s, so a command past its deadline is noticed within 3 s
        shells = new RemoteShells(vertx, RemoteConfig.DEFAULTS.withOperationTimeout(Duration.ofSeconds(3))
                .withConnectTimeout(Duration.ofSeconds(3)), KnownHosts.inMemory());
    }

    @AfterEach
    void everyShellIsDeleted() {
        assertThat(http.openShells()).isZero();
        assertThat(https.openShells()).isZero();
    }

    @AfterAll
    static void stop() {
        shells.close();
        Await.result(http.close());
        Await.result(https.close());
        Await.result(vertx.close());
    }

    private static Target ntlmHttp(String password) {
        return new Target("dc", "127.0.0.1", Transport.WINRM, http.httpPort(), false, "ntlm",
                DOMAIN.domain() + "\\" + DOMAIN.user(), new Secret(password), null);
    }

    private static Target basicHttps(String password) {
        return new Target("ws", "127.0.0.1", Transport.WINRM, https.httpsPort(), true, "basic", ".\\" + LOCAL.user(),
                new Secret(password), https.certificateSha256());
    }

    private static Target ntlmHttps(String password) {
        return new Target("ws-ntlm", "127.0.0.1", Transport.WINRM, https.httpsPort(), true, "ntlm",
                DOMAIN.domain() + "\\" + DOMAIN.user(), new Secret(password), https.certificateSha256());
    }

    private static ScriptResult runOnce(Target target, Script script) {
        RemoteShell shell = Await.result(shells.open(target));
        try {
            return Await.result(shell.run(script));
        } finally {
            Await.result(shell.close());
        }
    }

    private static RemoteFailure failureOf(Target target, Script script) {
        RemoteShell shell;
        try {
            shell = Await.result(shells.open(target));
        } catch (AssertionError e) {
            return (RemoteFailure) rootFailure(e);
        }
        try {
            return (RemoteFailure) rootFailure(Await.failure(shell.run(script)));
        } finally {
            Await.result(shell.close());
        }
    }

    private static Throwable rootFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RemoteFailure) {
                return t;
            }
        }
        throw new AssertionError("expected a RemoteFailure, got " + e, e);
    }

    private static Script ps(String body) {
        return Script.of("test", body, SCRIPT_TIMEOUT);
    }

    @Test
    void ntlmOverHttpWithTheDomainAccount() {
        ScriptResult r = runOnce(ntlmHttp(DOMAIN.password()), ps("$env:COMPUTERNAME"));
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout().strip()).isEqualTo("NVDC01");
    }

    @Test
    void powershellErrorsArriveAsClixmlAndTheAgentDecodesThemToTheConsolesText() {
        ScriptResult r = runOnce(ntlmHttp(DOMAIN.password()),
                ps("Get-Item C:\\nope; Write-Warning 'low disk'; 'after'; Get-Service NoSuchService"));
        // the emulator sends what WinRS sends (#< CLIXML error records); the agent's result holds the decoded text
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stdout()).isEqualTo("after\r\n");
        assertThat(r.stderr()).doesNotContain("#< CLIXML").doesNotContain("_x000D_").doesNotContain("<S S=")
                .contains("Get-Item : Cannot find path 'C:\\nope' because it does not exist.\r\n")
                .contains("WARNING: low disk\r\n")
                .contains("Get-Service : Cannot find any service with service name 'NoSuchService'.");
        assertThat(r.stderr().indexOf("Get-Item")).isLessThan(r.stderr().indexOf("WARNING: low disk"));
    }

    @Test
    void basicOverHttpsPinnedWithTheLocalAccount() {
        ScriptResult r = runOnce(basicHttps(LOCAL.password()), ps("$env:COMPUTERNAME"));
        assertThat(r.stdout().strip()).isEqualTo("NVWS01");
    }

    @Test
    void ntlmOverHttpsPinned() {
        ScriptResult r = runOnce(ntlmHttps(DOMAIN.password()), ps("Write-Output 'pinned'"));
        assertThat(r.stdout().strip()).isEqualTo("pinned");
    }

    @Test
    void aWrongPasswordOverHttpsIsAuthentication() {
        assertThat(failureOf(basicHttps("not-the-password"), ps("hostname")).reason())
                .isEqualTo(RemoteFailure.Reason.AUTHENTICATION);
        assertThat(failureOf(ntlmHttps("not-the-password"), ps("hostname")).reason())
                .isEqualTo(RemoteFailure.Reason.AUTHENTICATION);
    }

    /**
     * winrm4j's sealed NTLM over http does not notice the 401 to a refused password (it stalled until the read
     * timeout and was reported as CONNECT_TIMEOUT after about 8 s); the adapter checks the password first.
     */
    @Test
    void aWrongPasswordOverSealedHttpIsAuthenticationWithinTheConnectTimeout() {
        long started = System.nanoTime();
        RemoteFailure failure = failureOf(ntlmHttp("not-the-password"), ps("hostname"));
        assertThat(failure.reason()).isEqualTo(RemoteFailure.Reason.AUTHENTICATION);
        assertThat(failure.getMessage()).doesNotContain("not-the-password");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3)); // connect timeout
    }

    @Test
    void aScriptLongerThanTheCommandLineLimitRunsThroughTheChunkedUpload() {
        String payload = "x".repeat(9000);
        String script = "$a = '" + payload + "'\r\nWrite-Output $a.Length\r\nWrite-Output 'done'";
        assertThat(script.length()).isGreaterThan(8191);
        ScriptResult r = runOnce(basicHttps(LOCAL.password()), ps(script));
        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout().lines().map(String::strip).toList()).containsExactly("9000", "done");
    }

    @Test
    void aScriptPastItsDeadlineIsTerminatedOnTheHostAndReportedAsTimeout() {
        long signalsBefore = https.signals();
        RemoteFailure failure = failureOf(basicHttps(LOCAL.password()),
                Script.of("sleepy", "Start-Sleep -Seconds 60", Duration.ofSeconds(2)));
        assertThat(failure.reason()).isEqualTo(RemoteFailure.Reason.TIMEOUT);
        assertThat(https.signals()).isGreaterThan(signalsBefore);
    }

    @Test
    void stdoutStderrAndExitCodeComeBackApart() {
        ScriptResult r = runOnce(ntlmHttps(DOMAIN.password()),
                ps("Write-Output 'to stdout'\r\nWrite-Error 'to stderr'\r\nexit 3"));
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.stdout()).contains("to stdout").doesNotContain("to stderr");
        assertThat(r.stderr()).contains("to stderr");
    }
}
