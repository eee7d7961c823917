package dev.osiris.lab.windows.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osiris.lab.windows.model.KerberosClock;
import dev.osiris.lab.windows.model.TimeService;
import dev.osiris.lab.windows.model.WindowsHost;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each host's clock, its sync through w32tm and Set-Date, and the 5-minute Kerberos rule for domain logons. */
class DomainClockTest {

    private static final double EIGHT_DAYS_BEHIND = -Duration.ofDays(8).toSeconds();

    private final WindowsHost dc = WindowsHost.domainController("NVDC01");
    private final WindowsHost ws = WindowsHost.workstation("NVWS01");

    @BeforeEach
    void join() {
        ws.joinDomainController(dc);
    }

    @Test
    void dcEightDaysBehindRefusesDomainLogonsEverywhereButLocalOnesStill() {
        dc.time().setOffsetSeconds(EIGHT_DAYS_BEHIND);
        assertThat(KerberosClock.skewRefusal(dc, WindowsHost.DOMAIN_ACCOUNT)).get().asString()
                .contains("KRB_AP_ERR_SKEW").contains("NVDC01").contains("-691200 s off");
        assertThat(KerberosClock.skewRefusal(ws, WindowsHost.DOMAIN_ACCOUNT)).get().asString().contains("NVDC01");
        assertThat(KerberosClock.skewRefusal(dc, WindowsHost.LOCAL_ACCOUNT)).isEmpty();
        assertThat(KerberosClock.skewRefusal(ws, WindowsHost.LOCAL_ACCOUNT)).isEmpty();
    }

    @Test
    void exactlyFiveMinutesIsStillAllowedAndOneSecondMoreIsNot() {
        dc.time().setOffsetSeconds(300);
        assertThat(KerberosClock.skewRefusal(ws, WindowsHost.DOMAIN_ACCOUNT)).isEmpty();
        dc.time().setOffsetSeconds(301);
        assertThat(KerberosClock.skewRefusal(ws, WindowsHost.DOMAIN_ACCOUNT)).isPresent();
    }

    @Test
    void aSkewedMemberRefusesDomainLogonsOnItselfOnly() {
        ws.time().setOffsetSeconds(-600);
        assertThat(KerberosClock.skewRefusal(ws, WindowsHost.DOMAIN_ACCOUNT)).get().asString().contains("NVWS01");
        assertThat(KerberosClock.skewRefusal(dc, WindowsHost.DOMAIN_ACCOUNT)).isEmpty();
    }

    @Test
    void w32tmResyncOnTheDcBringsDomainLogonsBack() {
        dc.time().setOffsetSeconds(EIGHT_DAYS_BEHIND);
        ShellRun r = ShellRun.cmd(dc, "w32tm /resync");
        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout()).contains("The command completed successfully.");
        assertThat(dc.time().offsetSeconds()).isEqualTo(TimeService.SYNCED_OFFSET);
        assertThat(KerberosClock.skewRefusal(ws, WindowsHost.DOMAIN_ACCOUNT)).isEmpty();
    }

    @Test
    void aMemberResyncingFromASkewedDcTakesItsTime() {
        dc.time().setOffsetSeconds(EIGHT_DAYS_BEHIND);
        assertThat(ShellRun.cmd(ws, "w32tm /resync").exitCode()).isZero();
        assertThat(ws.time().offsetSeconds()).isCloseTo(EIGHT_DAYS_BEHIND, org.assertj.core.data.Offset.offset(0.1));
    }

    @Test
    void aDcOnItsLocalClockHasNoTimeDataToResyncFrom() {
        dc.time().setOffsetSeconds(EIGHT_DAYS_BEHIND);
        ShellRun config = ShellRun.cmd(dc, "w32tm /config /syncfromflags:domhier /update");
        assertThat(config.exitCode()).isZero();
        ShellRun r = ShellRun.cmd(dc, "w32tm /resync");
        assertThat(r.stdout()).contains("The computer did not resync because no time data was available.");
        assertThat(r.exitCode()).isEqualTo(0x800705B4);
        assertThat(dc.time().offsetSeconds()).isEqualTo(EIGHT_DAYS_BEHIND);
        assertThat(ShellRun.cmd(dc, "w32tm /query /status").stdout()).contains("Stratum: 1 (primary reference")
                .contains("ReferenceId: 0x4C4F434C (source name:  \"LOCL\")").contains("Source: Local CMOS Clock");
    }

    @Test
    void queryStatusReportsTheClockSetDateMoved() {
        ShellRun set = ShellRun.ps(dc, "Set-Date -Adjust (New-TimeSpan -Minutes -7) | Out-Null");
        assertThat(set.stderr()).isEmpty();
        assertThat(ShellRun.cmd(dc, "w32tm /query /status").stdout()).contains("Phase Offset: -419.98");
        assertThat(KerberosClock.skewRefusal(ws, WindowsHost.DOMAIN_ACCOUNT)).isPresent();
    }
}
