package dev.osiris.lab.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.osiris.lab.windows.clients.WinRm4j;
import dev.osiris.lab.windows.model.Account;
import dev.osiris.lab.windows.model.WindowsHost;
import io.cloudsoft.winrm4j.client.PayloadEncryptionMode;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.apache.http.client.config.AuthSchemes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The field's restored DC, 8 days behind, through the real winrm4j client: domain-account logons fail with 401 on
 * the DC and on its member while local accounts keep working; {@code w32tm /resync} run over WinRM as the local
 * account brings domain logons back.
 */
class DomainClockSkewIT {

    private static final Account LOCAL = WindowsHost.LOCAL_ACCOUNT;
    private static final Account DOMAIN = WindowsHost.DOMAIN_ACCOUNT;

    private static Vertx vertx;
    private static WinRmEmulator dc;
    private static WinRmEmulator ws;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        WindowsHost dcHost = WindowsHost.domainController("NVDC01");
        WindowsHost wsHost = WindowsHost.workstation("NVWS01");
        wsHost.joinDomainController(dcHost);
        dc = WinRmEmulator.start(vertx, WinRmEmulatorConfig.builder(dcHost).build()).await();
        ws = WinRmEmulator.start(vertx, WinRmEmulatorConfig.builder(wsHost).build()).await();
    }

    @AfterEach
    void clocksBack() {
        dc.host().time().setOffsetSeconds(0);
        ws.host().time().setOffsetSeconds(0);
    }

    @AfterAll
    static void stop() {
        dc.close().await();
        ws.close().await();
        vertx.close().await();
    }

    private static WinRm4j.Result domain(WinRmEmulator e, String command) {
        return WinRm4j.run(e.httpUrl(), AuthSchemes.NTLM, "NVDENTAL", DOMAIN.user(), DOMAIN.password(), command,
                UnaryOperator.identity());
    }

    private static WinRm4j.Result refusedDomain(WinRmEmulator e) {
        return WinRm4j.run(e.httpUrl(), AuthSchemes.NTLM, "NVDENTAL", DOMAIN.user(), DOMAIN.password(), "hostname",
                WinRm4j.encryption(PayloadEncryptionMode.OFF));
    }

    private static WinRm4j.Result local(WinRmEmulator e, String command) {
        return WinRm4j.run(e.httpUrl(), AuthSchemes.NTLM, e.host().name(), LOCAL.user(), LOCAL.password(), command,
                UnaryOperator.identity());
    }

    @Test
    void dcEightDaysBehindRefusesDomainLogonsAndResyncBringsThemBack() {
        assertThat(domain(ws, "hostname").stdout()).isEqualTo("NVWS01\r\n");
        dc.host().time().setOffsetSeconds(-Duration.ofDays(8).toSeconds());
        long refusedBefore = dc.skewRefusals() + ws.skewRefusals();

        // unsealed, as for a wrong password: winrm4j's sealing mode waits out its 120 s timeout after a 401
        assertThatThrownBy(() -> refusedDomain(dc)).hasStackTraceContaining("Invalid credentials");
        assertThatThrownBy(() -> refusedDomain(ws)).hasStackTraceContaining("Invalid credentials");
        // winrm4j tries each logon twice
        assertThat(dc.skewRefusals()).isGreaterThan(0);
        assertThat(dc.skewRefusals() + ws.skewRefusals()).isGreaterThanOrEqualTo(refusedBefore + 2);
        assertThat(local(ws, "hostname").stdout()).isEqualTo("NVWS01\r\n");

        WinRm4j.Result status = local(dc, "w32tm /query /status");
        assertThat(status.stdout()).contains("Phase Offset: -691200.00");
        WinRm4j.Result resync = local(dc, "w32tm /resync");
        assertThat(resync.exitCode()).isZero();
        assertThat(resync.stdout()).contains("The command completed successfully.");

        assertThat(domain(dc, "hostname").stdout()).isEqualTo("NVDC01\r\n");
        assertThat(domain(ws, "whoami").stdout()).isEqualTo("nvdental\\osiris-svc\r\n");
    }

    @Test
    void aDomainLogonWithinFiveMinutesOfSkewIsAccepted() {
        dc.host().time().setOffsetSeconds(-240);
        assertThat(domain(ws, "hostname").exitCode()).isZero();
    }
}
