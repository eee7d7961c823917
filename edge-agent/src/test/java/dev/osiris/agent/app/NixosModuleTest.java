package dev.osiris.agent.app;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The NixOS module's units pass {@code systemd-analyze verify} (warnings fail) and report an exposure score, and
 * the module parses ({@code nixos-module/check.sh}); skipped, saying why, where systemd-analyze or nix-bin is missing.
 */
class NixosModuleTest {

    @Test
    void unitsVerifyWithoutWarningsAndTheModuleParses() throws Exception {
        assumeTrue(onPath("systemd-analyze"), "systemd-analyze is not installed");
        assumeTrue(onPath("nix-instantiate"), "nix-instantiate is not installed (apt-get install nix-bin)");
        Path script = Path.of("..", "nixos-module", "check.sh").toAbsolutePath().normalize();
        Process p = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        System.out.print(out);
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("ok   systemd-analyze verify osiris-agent.service",
                "ok   systemd-analyze verify osiris-health-gate.service", "ok   systemd-analyze verify var-lib-msp.mount",
                "ok   systemd-analyze verify boot-efi.mount", "Overall exposure level for osiris-agent.service",
                "ok   nix-instantiate --parse default.nix");
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }
}
