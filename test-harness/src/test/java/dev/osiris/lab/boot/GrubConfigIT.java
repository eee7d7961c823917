package dev.osiris.lab.boot;

import dev.osiris.testing.Tools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** GRUB's own parser accepts grub/grub.cfg, and would refuse it broken (so the check can fail). */
class GrubConfigIT {

    private static final Duration WITHIN = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @BeforeAll
    static void grubScriptCheckIsInstalled() {
        assumeTrue(Tools.find("grub-script-check").isPresent(),
                "grub-script-check is not on PATH: install Debian's grub-common (./osiris test does)");
    }

    @Test
    void grubScriptCheckAcceptsTheConfig() {
        Path config = BootDisk.grubDir().resolve("grub.cfg");

        Tools.Output out = Tools.exec(WITHIN, Map.of(), List.of("grub-script-check", config.toString()));

        assertThat(out.exitCode()).as(out.stdout() + out.stderr()).isZero();
    }

    @Test
    void grubScriptCheckRefusesTheConfigWithAnUnclosedIf() throws Exception {
        String config = Files.readString(BootDisk.grubDir().resolve("grub.cfg"));
        Path broken = dir.resolve("grub.cfg");
        Files.writeString(broken, config.replaceFirst("(?m)^fi$", ""));

        assertThat(Tools.exec(WITHIN, Map.of(), List.of("grub-script-check", broken.toString())).exitCode()).isEqualTo(1);
    }
}
