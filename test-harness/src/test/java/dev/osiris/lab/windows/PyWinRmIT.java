package dev.osiris.lab.windows;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osiris.lab.windows.clients.PyWinRm;
import dev.osiris.lab.windows.model.Account;
import dev.osiris.lab.windows.model.WindowsHost;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real Debian pywinrm 0.3.0 against the emulator: NTLM (sealed) over HTTP, Basic over HTTPS. */
class PyWinRmIT {

    private static final Account LOCAL = WindowsHost.LOCAL_ACCOUNT;
    private static final Account DOMAIN = WindowsHost.DOMAIN_ACCOUNT;

    private static RunningEmulator running;
    private static Vertx vertx;
    private static WinRmEmulator emulator;
    private static PyWinRm client;
    private static String unavailable;

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        unavailable = PyWinRm.unavailableReason();
        if (unavailable != null) {
            return;
        }
        client = PyWinRm.in(dir);
        running = RunningEmulator.start(WindowsHost.workstation("NVWS01"));
        vertx = running.vertx();
        emulator = running.emulator();
    }

    /** Each test is reported as skipped, with the reason, where pywinrm cannot run; never faked. */
    @BeforeEach
    void requirePywinrm() {
        Assumptions.assumeTrue(unavailable == null, () -> "pywinrm tests skipped: " + unavailable);
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

    private static JsonObject http(Account a, String login) {
        return new JsonObject().put("url", emulator.httpUrl()).put("transport", "ntlm").put("user", login)
                .put("password", a.password());
    }

    private static JsonObject https(Account a, String login) {
        return new JsonObject().put("url", emulator.httpsUrl()).put("transport", "ssl").put("user", login)
                .put("password", a.password());
    }

    @Test
    void ntlmOverHttpRunsPowerShellWithStdoutStderrAndExitCode() throws Exception {
        JsonObject r = client.run(http(DOMAIN, "NVDENTAL\\osiris-svc")
                .put("ps", "Write-Output 'hello from emulator'; Write-Error 'something broke'; exit 3"), null);
        assertThat(r.getString("error")).isNull();
        assertThat(r.getString("stdout")).isEqualTo("hello from emulator\r\n");
        assertThat(r.getString("stderr")).contains("something broke");
        assertThat(r.getInteger("exit_code")).isEqualTo(3);
    }

    @Test
    void ntlmWithLocalAccountChangesHostState() throws Exception {
        JsonObject r = client.run(http(LOCAL, ".\\osiris")
                .put("ps", "Set-NetFirewallProfile -Profile Public -Enabled False; "
                        + "(Get-NetFirewallProfile -Profile Public).Enabled.ToString()"), null);
        assertThat(r.getString("stdout")).isEqualTo("False\r\n");
        assertThat(r.getInteger("exit_code")).isZero();
        assertThat(emulator.host().firewall().profile("Public").orElseThrow().enabled()).isFalse();
        emulator.host().firewall().setEnabled("Public", true);
    }

    @Test
    void basicOverHttpsRunsCmdLine() throws Exception {
        JsonObject r = client.run(https(LOCAL, "osiris").put("cmd", "hostname & whoami"), emulator.certificatePem());
        assertThat(r.getString("error")).isNull();
        assertThat(r.getString("stdout")).isEqualTo("NVWS01\r\nnvws01\\osiris\r\n");
        assertThat(r.getString("stderr")).isEmpty();
        assertThat(r.getInteger("exit_code")).isZero();
    }

    @Test
    void ntlmOverHttpsWithoutSealing() throws Exception {
        JsonObject r = client.run(https(DOMAIN, "NVDENTAL\\osiris-svc").put("transport", "ntlm")
                .put("cmd", "whoami"), emulator.certificatePem());
        assertThat(r.getString("error")).isNull();
        assertThat(r.getString("stdout")).isEqualTo("nvdental\\osiris-svc\r\n");
    }

    @Test
    void wrongPasswordIsRejectedForNtlmAndBasic() throws Exception {
        JsonObject ntlm = client.run(http(DOMAIN, "NVDENTAL\\osiris-svc").put("password", "wrong").put("cmd", "hostname"), null);
        assertThat(ntlm.getString("error")).isEqualTo("InvalidCredentialsError");
        JsonObject basic = client.run(https(LOCAL, "osiris").put("password", "wrong").put("cmd", "hostname"),
                emulator.certificatePem());
        assertThat(basic.getString("error")).isEqualTo("InvalidCredentialsError");
    }

    @Test
    void longRunningCommandGetsOperationTimeoutFaultsThenItsResult() throws Exception {
        JsonObject r = client.run(http(DOMAIN, "NVDENTAL\\osiris-svc").put("operation_timeout", 1).put("read_timeout", 10)
                .put("ps", "Start-Sleep -Seconds 3; 'finished'"), null);
        assertThat(r.getInteger("operation_timeouts")).isGreaterThanOrEqualTo(1);
        assertThat(r.getString("stdout")).isEqualTo("finished\r\n");
        assertThat(r.getInteger("exit_code")).isZero();
    }

    @Test
    void unknownCmdletFailsLoudly() throws Exception {
        JsonObject r = client.run(http(DOMAIN, "NVDENTAL\\osiris-svc").put("ps", "Get-Frobnicator -All"), null);
        assertThat(r.getInteger("exit_code")).isEqualTo(1);
        assertThat(r.getString("stderr")).contains("The term 'Get-Frobnicator' is not recognized");
        assertThat(r.getString("stdout")).isEmpty();
    }

    @Test
    void bareNtlmOfferIsUsedByRequestsNtlm() throws Exception {
        WinRmEmulator offering = WinRmEmulator.start(vertx, WinRmEmulatorConfig.builder(WindowsHost.domainController("NVDC01"))
                .httpsPort(-1).offerNtlmScheme(true).build()).await();
        try {
            JsonObject r = client.run(new JsonObject().put("url", offering.httpUrl()).put("transport", "ntlm")
                    .put("user", "NVDENTAL\\osiris-svc").put("password", DOMAIN.password())
                    .put("ps", "(Get-ADGroupMember 'Domain Admins').SamAccountName"), null);
            assertThat(r.getString("stdout")).isEqualTo("Administrator\r\n");
            assertThat(r.getInteger("exit_code")).isZero();
        } finally {
            offering.close().await();
        }
    }

    @Test
    void commandLineOverTheCmdLimitFails() throws Exception {
        JsonObject r = client.run(http(DOMAIN, "NVDENTAL\\osiris-svc").put("cmd", "echo " + "x".repeat(9000)), null);
        assertThat(r.getInteger("exit_code")).isEqualTo(1);
        assertThat(r.getString("stderr")).isEqualTo("The command line is too long.\r\n");
    }
}
