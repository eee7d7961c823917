package dev.osiris.agent.drift;

import dev.osiris.protocol.checkin.CheckinResponse;
import dev.osiris.protocol.checkin.HealingMode;
import dev.osiris.protocol.runbook.Baseline;
import dev.osiris.protocol.runbook.Platform;
import dev.osiris.protocol.runbook.Runbook;
import dev.osiris.protocol.runbook.RunbookCatalog;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * A site's drift settings as the relay last sent them: which runbooks run, how often, the healing mode and
 * dry-run flag, and the site's baseline parameters. Immutable; a check-in replaces it.
 */
public record DriftPolicy(Set<String> enabled, Duration scanInterval, HealingMode mode, boolean dryRun, Baseline baseline) {

    public static final DriftPolicy NONE = new DriftPolicy(Set.of(), Duration.ofMinutes(15), HealingMode.STANDARD, false,
            Baseline.EMPTY);

    public DriftPolicy {
        enabled = Set.copyOf(enabled);
    }

    public static DriftPolicy of(CheckinResponse response) {
        return new DriftPolicy(Set.copyOf(response.enabledRunbooks()), Duration.ofSeconds(response.scanIntervalSeconds()),
                response.healingMode(), response.dryRun(), new Baseline(response.baseline()));
    }

    /** The enabled runbooks of one platform, in catalog order; a disabled runbook is never returned. */
    public List<Runbook> runbooks(RunbookCatalog catalog, Platform platform) {
        return catalog.forPlatform(platform).stream().filter(r -> enabled.contains(r.id())).toList();
    }
}
