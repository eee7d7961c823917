package dev.osiris.lab.bench.healing;

import dev.osiris.lab.runbooks.Attack;
import dev.osiris.lab.runbooks.Attacks;
import dev.osiris.protocol.runbook.Platform;
import dev.osiris.protocol.runbook.RunbookCatalog;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The bench's heal rate over every Windows attack: none missed, and a policy-enforced one is escalated as such. */
class WindowsAttackHealRateIT {

    @Test
    void everyWindowsAttackIsDetectedAndEitherHealedAndVerifiedOrEscalatedWithAReason() {
        List<Attack> attacks = Attacks.load().all().stream().filter(a -> a.platform() == Platform.WINDOWS).toList();
        Vertx vertx = Vertx.vertx();
        List<AttackHealRate.Outcome> outcomes;
        try {
            outcomes = new WindowsAttackHealRate(vertx, RunbookCatalog.builtIn()).run(attacks);
        } finally {
            vertx.close().await();
        }
        AttackHealRate.report("Windows", outcomes).forEach(System.out::println);

        assertThat(outcomes).hasSize(attacks.size());
        assertThat(outcomes).filteredOn(o -> o.result() == AttackHealRate.Result.MISSED).as("missed").isEmpty();
        assertThat(outcomes).filteredOn(o -> o.result() == AttackHealRate.Result.ESCALATED)
                .allSatisfy(o -> assertThat(o.reason()).isNotBlank());
        assertThat(outcomes).filteredOn(o -> o.attack().enforced()).isNotEmpty()
                .allSatisfy(o -> assertThat(o.reason()).as(o.attack().name()).isEqualTo("enforced-by-policy"));
    }
}
