package dev.osiris.lab.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.osiris.lab.windows.clients.WinRm4j;
import dev.osiris.lab.windows.model.Account;
import dev.osiris.lab.windows.model.WindowsHost;
import io.cloudsoft.winrm4j.client.PayloadEncryptionMode;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.apache.http.client.config.AuthSchemes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real winrm4j 0.12.3 against the emulator: NTLM (sealed, its default) over HTTP, Basic over HTTPS. */
class WinRm4jIT {

    private static final Account LOCAL = WindowsHost.LOCAL_ACCOUNT;
    private static final Account DOMAIN = WindowsHost.DOMAIN_ACCOUNT;

    private static RunningEmulator running;
    private static Vertx vertx;
    private static WinRmEmulator emulator;

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        running = RunningEmulator.start(WindowsHost.serverCore("NVSRV01"));
        vertx = running.vertx();
        emulator = running.emulator();
        WinRm4j.trustForThisJvm(emulator.certificatePem(), dir);
    }

    /** The client deletes every shell it creates (Signal + Delete), so none stay open on the emulator. */
    @org.junit.jupiter.api.AfterEach
    void noShellLeftOpen() {
        if (running != null) {
            running.assertNoShellLeftOpen();
        }
    }

    @AfterAll
    static void stop() {
        if (running != null) {
            running.stop();
        }
    }

    private static WinRm4j.Result ntlm(String command) {
        return WinRm4j.run(emulator.httpUrl(), AuthSchemes.NTLM, "NVDENTAL", DOMAIN.user(), DOMAIN.password(), command,
                UnaryOperator.identity());
    }

    @Test
    void ntlmWithDefaultEncryptionRunsPowerShell() {
        WinRm4j.Result r = ntlm(WinRm4j.powershell("Write-Output 'hello from emulator'; Write-Error 'something broke'; exit 3"));
        assertThat(r.stdout()).isEqualTo("hello from emulator\r\n");
        assertThat(r.stderr()).contains("something broke");
        assertThat(r.exitCode()).isEqualTo(3);
    }

    @Test
    void ntlmChangesHostStateThroughTheModel() {
        WinRm4j.Result r = ntlm(WinRm4j.powershell(
                "Set-NetFirewallProfile -Profile Private -Enabled False\n(Get-NetFirewallProfile Private).Enabled.ToString()"));
        assertThat(r.stdout()).isEqualTo("False\r\n");
        assertThat(emulator.host().firewall().profile("Private").orElseThrow().enabled()).isFalse();
        emulator.host().firewall().setEnabled("Private", true);
    }

    @Test
    void basicOverHttpsWithLocalAccount() {
        WinRm4j.Result r = WinRm4j.run(emulator.httpsUrl(), AuthSchemes.BASIC, null, ".\\" + LOCAL.user(),
                LOCAL.password(), "hostname & whoami", UnaryOperator.identity());
        assertThat(r.stdout()).isEqualTo("NVSRV01\r\nnvsrv01\\osiris\r\n");
        assertThat(r.stderr()).isEmpty();
        assertThat(r.exitCode()).isZero();
    }

    @Test
    void basicSendsBigRequestsChunked() {
        String script = "$s = '" + "a".repeat(1500) + "'; $s.Length";
        WinRm4j.Result r = WinRm4j.run(emulator.httpsUrl(), AuthSchemes.BASIC, null, LOCAL.user(), LOCAL.password(),
                WinRm4j.powershell(script), UnaryOperator.identity());
        assertThat(r.stdout()).isEqualTo("1500\r\n");
        assertThat(r.exitCode()).isZero();
    }

    @Test
    void ntlmOverHttpsIsSealedToo() {
        WinRm4j.Result r = WinRm4j.run(emulator.httpsUrl(), AuthSchemes.NTLM, "NVDENTAL", DOMAIN.user(),
                DOMAIN.password(), "whoami", UnaryOperator.identity());
        assertThat(r.stdout()).isEqualTo("nvdental\\osiris-svc\r\n");
        assertThat(r.exitCode()).isZero();
    }

    @Test
    void wrongPasswordIsRejected() {
        assertThatThrownBy(() -> WinRm4j.run(emulator.httpsUrl(), AuthSchemes.BASIC, null, LOCAL.user(), "wrong",
                "hostname", UnaryOperator.identity())).hasStackTraceContaining("401");
        assertThatThrownBy(() -> WinRm4j.run(emulator.httpUrl(), AuthSchemes.NTLM, "NVDENTAL", DOMAIN.user(), "wrong",
                "hostname", WinRm4j.encryption(PayloadEncryptionMode.OFF)))
                .hasStackTraceContaining("Invalid credentials");
    }

    @Test
    void longRunningCommandSurvivesOperationTimeouts() {
        WinRm4j.Result r = WinRm4j.run(emulator.httpUrl(), AuthSchemes.NTLM, "NVDENTAL", DOMAIN.user(),
                DOMAIN.password(), WinRm4j.powershell("Start-Sleep -Seconds 3; 'finished'"),
                b -> b.operationTimeout(1000));
        assertThat(r.stdout()).isEqualTo("finished\r\n");
        assertThat(r.exitCode()).isZero();
        assertThat(r.receiveCalls()).isGreaterThan(1);
    }

    @Test
    void winRmToolExecutePsMultiLineScript() {
        io.cloudsoft.winrm4j.winrm.WinRmTool tool = io.cloudsoft.winrm4j.winrm.WinRmTool.Builder
                .builder(emulator.httpUrl(), "NVDENTAL", DOMAIN.user(), DOMAIN.password())
                .authenticationScheme(AuthSchemes.NTLM).build();
        io.cloudsoft.winrm4j.winrm.WinRmToolResponse r = tool.executePs(java.util.List.of(
                "$p = Get-NetFirewallProfile | Where-Object { -not $_.Enabled }",
                "if ($p) { 'off'; exit 5 } else { 'all on' }"));
        assertThat(r.getStdOut()).isEqualTo("all on\r\n");
        assertThat(r.getStatusCode()).isZero();
    }

    @Test
    void shellEnvironmentFromCreateIsVisibleToCommands() {
        WinRm4j.Result r = WinRm4j.run(emulator.httpUrl(), AuthSchemes.NTLM, "NVDENTAL", DOMAIN.user(),
                DOMAIN.password(), "echo %OSIRIS_RUN%& powershell -Command \"$env:OSIRIS_RUN\"",
                b -> b.environment(java.util.Map.of("OSIRIS_RUN", "run-42")));
        assertThat(r.stdout()).isEqualTo("run-42\r\nrun-42\r\n");
    }

    @Test
    void unknownCmdletFailsLoudly() {
        WinRm4j.Result r = ntlm(WinRm4j.powershell("Get-Frobnicator -All"));
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("The term 'Get-Frobnicator' is not recognized");
    }
}
