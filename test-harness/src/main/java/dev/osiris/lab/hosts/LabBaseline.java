package dev.osiris.lab.hosts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osiris.lab.linux.HardenedBaseline;
import dev.osiris.lab.windows.WindowsLabBaseline;
import dev.osiris.protocol.runbook.Baseline;

/**
 * The lab site's runbook parameters: with them every Windows preset and every hardened Linux host starts compliant
 * with every runbook of the catalog (WINDOWS-EMULATOR.md and LAB.md, "baseline").
 */
public final class LabBaseline {

    private LabBaseline() {
    }

    /** As the relay's {@code baseline} object. */
    public static io.vertx.core.json.JsonObject site() {
        return new io.vertx.core.json.JsonObject(dev.osiris.protocol.json.Json.text(values()));
    }

    /**
     * The runbook settings of a lab site ({@code PUT /api/sites/{id}/runbooks}): every runbook of the catalog,
     * full-coverage healing for real (no dry run), and {@link #site()} as the baseline. The demo and
     * {@code ./osiris lab up} both use it, so that a lab site behaves the same however it was started.
     */
    public static io.vertx.core.json.JsonObject siteRunbooks() {
        return new io.vertx.core.json.JsonObject().put("enabled", "all").put("healingMode", "full-coverage")
                .put("dryRun", false).put("baseline", site());
    }

    /** As the agent evaluates it. */
    public static Baseline baseline() {
        return new Baseline(values());
    }

    private static ObjectNode values() {
        ObjectNode values = WindowsLabBaseline.baseline().values();
        values.setAll(HardenedBaseline.siteParams());
        return values;
    }
}
