package dev.osiris.lab.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osiris.lab.windows.model.KerberosClock;
import dev.osiris.lab.windows.model.TimeService;
import dev.osiris.lab.windows.model.WindowsHost;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lab's own control of its Windows hosts' clocks (Windows emulators only: no namespaces). */
class LabClockIT {

    @Test
    void theLabSkewsTheDcAndItsOwnTimeSyncBringsDomainLogonsBack(@TempDir Path dir) {
        Vertx vertx = Vertx.vertx();
        LabSpec spec = new LabSpec(List.of(new LabSpec.Windows("NVDC01", "domain-controller", "http", "ntlm", "domain"),
                new LabSpec.Windows("NVWS01", "workstation", "http", "ntlm", "domain")), List.of());
        try (Lab lab = Lab.start(vertx, dir, spec).await()) {
            WindowsHost ws = lab.emulator("NVWS01").host();
            assertThat(ws.domainControllerHost()).get().extracting(WindowsHost::name).isEqualTo("NVDC01");

            lab.setClockOffset("NVDC01", Duration.ofDays(-8));
            assertThat(lab.emulator("NVDC01").host().time().offsetSeconds()).isEqualTo(-691_200.0);
            assertThat(KerberosClock.skewRefusal(ws, WindowsHost.DOMAIN_ACCOUNT)).isPresent();

            assertThat(lab.syncTime("NVDC01")).isTrue();
            assertThat(lab.emulator("NVDC01").host().time().offsetSeconds()).isEqualTo(TimeService.SYNCED_OFFSET);
            assertThat(KerberosClock.skewRefusal(ws, WindowsHost.DOMAIN_ACCOUNT)).isEmpty();
        } finally {
            vertx.close().await();
        }
    }
}
