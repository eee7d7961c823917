package dev.osiris.lab.chaos;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CampaignConfigTest {

    @TempDir
    Path dir;

    @Test
    void theRepositorysConfigEnvLoadsWithRestoresOffAndTimeSyncOn() {
        CampaignConfig c = CampaignConfig.load(dev.osiris.lab.runbooks.Attacks.directory().getParent().resolve("config.env"));
        assertThat(c.enableRestores()).isFalse();
        assertThat(c.timeSync()).isTrue();
        assertThat(c.categories()).containsExactly(Category.values());
        assertThat(c.rounds()).isEqualTo(5);
        assertThat(c.seed()).isNull();
    }

    @Test
    void valuesAreParsedWithQuotesCommentsAndLists() throws Exception {
        CampaignConfig c = load("""
                # a comment
                HOSTS="NVDC01, lnx01"
                CATEGORIES=security policy
                ROUNDS=2   # two rounds
                HEAL_TIMEOUT_SECONDS=30
                ENABLE_RESTORES=true
                TIME_SYNC_BEFORE_ATTACK=false
                HEALING_MODE=standard
                LAB_SPEC=lab.yaml
                SEED=42
                """);
        assertThat(c.hosts()).containsExactly("NVDC01", "lnx01");
        assertThat(c.categories()).containsExactly(Category.SECURITY, Category.POLICY);
        assertThat(c.rounds()).isEqualTo(2);
        assertThat(c.healTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.enableRestores()).isTrue();
        assertThat(c.timeSync()).isFalse();
        assertThat(c.healingMode()).isEqualTo("standard");
        assertThat(c.labSpec()).isEqualTo(dir.resolve("lab.yaml"));
        assertThat(c.seed()).isEqualTo(42L);
    }

    @Test
    void anUnknownKeyIsRefusedWithItsLine() throws Exception {
        assertThatThrownBy(() -> load("ROUNDS=2\nENABLE_RESTORE=true\n"))
                .hasMessageStartingWith(dir.resolve("config.env") + ":2: unknown key ENABLE_RESTORE (known: ");
    }

    @Test
    void badValuesAreRefusedWithTheirKey() {
        List.of("ENABLE_RESTORES=yes", "ROUNDS=0", "ROUNDS=five", "CATEGORIES=security,mayhem", "HEALING_MODE=yolo",
                "SEED=abc", "just text").forEach(line -> assertThatThrownBy(() -> load(line + "\n"))
                .as(line).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(line.contains("=") ? line.substring(0, line.indexOf('=')) : "expected KEY=value"));
    }

    private CampaignConfig load(String text) throws Exception {
        Path file = dir.resolve("config.env");
        Files.writeString(file, text);
        return CampaignConfig.load(file);
    }
}
