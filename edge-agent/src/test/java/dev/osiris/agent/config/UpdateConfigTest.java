package dev.osiris.agent.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UpdateConfigTest {

    @TempDir
    Path dir;

    private static final String MINIMAL = """
            siteId: clinic-1
            relayUrl: https://relay.example.com
            apiKeyFile: api.key
            dataDir: data
            """;

    private AgentConfig load(String yaml) throws Exception {
        Path file = dir.resolve("agent.yaml");
        Files.writeString(file, MINIMAL + yaml);
        return AgentConfig.load(file);
    }

    @Test
    void withoutAnUpdateSectionUpdatesAreOffAndTheDefaultsHold() throws Exception {
        UpdateConfig u = load("").update();
        assertThat(u.pinnedKey()).isNull();
        assertThat(u.allowHttp()).isFalse();
        assertThat(u.requireRelay()).isFalse();
        assertThat(u.kernelCmdline()).isEqualTo(Path.of("/proc/cmdline"));
    }

    @Test
    void updateSectionIsReadWithPathsBesideTheFile() throws Exception {
        UpdateConfig u = load("""
                update:
                  releaseKey: "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="
                  slotA: a.img
                  slotB: b.img
                  rebootCommand: [systemctl, reboot]
                  maxImageBytes: 1048576
                  readTimeout: 45s
                  maintenanceWindow: "22:00-02:00"
                  requireRelay: true
                """).update();
        assertThat(u.pinnedKey()).isNotNull();
        assertThat(u.slotA()).isEqualTo(dir.resolve("a.img"));
        assertThat(u.rebootCommand()).isEqualTo(List.of("systemctl", "reboot"));
        assertThat(u.maxImageBytes()).isEqualTo(1048576);
        assertThat(u.readTimeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(u.requireRelay()).isTrue();
        assertThat(u.maintenanceWindow().start()).isEqualTo(LocalTime.of(22, 0));
    }

    @Test
    void unknownKeyAndBadReleaseKeyAreRefusedWithTheirPath() {
        assertThatThrownBy(() -> load("update:\n  slots: 2\n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("update.slots");
        assertThatThrownBy(() -> load("update:\n  releaseKey: abc\n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("update.releaseKey");
        assertThatThrownBy(() -> load("update:\n  maintenanceWindow: tonight\n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("update.maintenanceWindow: maintenance window must read HH:MM-HH:MM");
    }

    @Test
    void windowSpanningMidnightIsOpenOnBothSidesAndWaitsOtherwise() {
        MaintenanceWindow w = MaintenanceWindow.parse("22:00-02:00", ZoneOffset.UTC);
        assertThat(w.untilOpen(Instant.parse("2026-12-01T23:30:00Z"))).isZero();
        assertThat(w.untilOpen(Instant.parse("2026-12-02T01:59:00Z"))).isZero();
        assertThat(w.untilOpen(Instant.parse("2026-12-02T02:00:00Z"))).isEqualTo(Duration.ofHours(20));
        assertThat(w.untilOpen(Instant.parse("2026-12-02T21:00:00Z"))).isEqualTo(Duration.ofHours(1));
    }
}
