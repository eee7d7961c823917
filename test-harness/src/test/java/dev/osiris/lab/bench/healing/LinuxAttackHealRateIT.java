package dev.osiris.lab.bench.healing;

import dev.osiris.lab.linux.LinuxLab;
import dev.osiris.lab.runbooks.Attack;
import dev.osiris.lab.runbooks.Attacks;
import dev.osiris.protocol.runbook.HealPolicy;
import dev.osiris.protocol.runbook.Platform;
import dev.osiris.protocol.runbook.RunbookCatalog;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.abort;

/**
 * The bench's heal rate over every Linux attack, each on a fresh hardened lab host: none missed, every attack on an
 * auto-healable runbook healed and verified, every other one escalated with its reason. Skipped with the lab's
 * reason where namespaces are unavailable (needs root).
 */
class LinuxAttackHealRateIT {

    @TempDir
    Path workDir;

    @Test
    void everyLinuxAttackIsDetectedAndEitherHealedAndVerifiedOrEscalatedWithAReason() throws Exception {
        List<Attack> attacks = Attacks.load().all().stream().filter(a -> a.platform() == Platform.LINUX).toList();
        RunbookCatalog catalog = RunbookCatalog.builtIn();
        Vertx vertx = Vertx.vertx();
        LinuxLab lab = new LinuxLab(vertx, workDir.resolve("lab"));
        List<AttackHealRate.Outcome> outcomes;
        try {
            LinuxLab.Availability availability = lab.availability();
            if (!availability.available()) {
                abort("Linux lab unavailable: " + availability.reason());
            }
            outcomes = new LinuxAttackHealRate(vertx, catalog, lab, workDir.resolve("key")).run(attacks);
        } finally {
            lab.close();
            vertx.close().await();
        }
        AttackHealRate.report("Linux", outcomes).forEach(System.out::println);

        assertThat(outcomes).hasSize(attacks.size());
        assertThat(outcomes).filteredOn(o -> o.result() == AttackHealRate.Result.MISSED).as("missed").isEmpty();
        assertThat(outcomes).filteredOn(o -> catalog.find(o.attack().runbook()).orElseThrow().heal() == HealPolicy.AUTO)
                .isNotEmpty().allSatisfy(o -> assertThat(o.result()).as(o.attack().name() + ": " + o.reason())
                        .isEqualTo(AttackHealRate.Result.HEALED));
        assertThat(outcomes).filteredOn(o -> o.result() == AttackHealRate.Result.ESCALATED)
                .allSatisfy(o -> assertThat(o.reason()).as(o.attack().name()).isNotBlank());
    }
}
