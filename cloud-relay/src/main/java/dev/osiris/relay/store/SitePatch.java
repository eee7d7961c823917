package dev.osiris.relay.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.osiris.protocol.InvalidMessageException;
import dev.osiris.protocol.checkin.HealingMode;
import dev.osiris.protocol.json.Fields;

import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A change to a site's configuration; absent fields stay as they are. */
public record SitePatch(Optional<Integer> checkinIntervalSeconds, Optional<HealingMode> healingMode,
                        Optional<Boolean> dryRun, Optional<List<String>> enabledRunbooks) {

    public static final int MIN_INTERVAL = 5;
    public static final int MAX_INTERVAL = 86_400;
    private static final Set<String> KNOWN = Set.of("checkinIntervalSeconds", "interval", "healingMode", "dryRun",
            "enabledRunbooks");

    public SitePatch {
        checkinIntervalSeconds.ifPresent(s -> {
            if (s < MIN_INTERVAL || s > MAX_INTERVAL) {
                throw new InvalidMessageException("site.checkinIntervalSeconds must be between " + MIN_INTERVAL
                        + " and " + MAX_INTERVAL);
            }
        });
        enabledRunbooks = enabledRunbooks.map(List::copyOf);
    }

    public static SitePatch none() {
        return new SitePatch(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    public SitePatch withInterval(int seconds) {
        return new SitePatch(Optional.of(seconds), healingMode, dryRun, enabledRunbooks);
    }

    public SitePatch withHealingMode(HealingMode mode) {
        return new SitePatch(checkinIntervalSeconds, Optional.of(mode), dryRun, enabledRunbooks);
    }

    public SitePatch withDryRun(boolean value) {
        return new SitePatch(checkinIntervalSeconds, healingMode, Optional.of(value), enabledRunbooks);
    }

    public SitePatch withEnabledRunbooks(List<String> runbooks) {
        return new SitePatch(checkinIntervalSeconds, healingMode, dryRun, Optional.of(runbooks));
    }

    /** Reads {@code PATCH /api/sites/{id}}; {@code interval} is accepted as a short name for the interval. */
    public static SitePatch fromJson(JsonNode node) {
        Fields f = new Fields(node, "site");
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!KNOWN.contains(name)) {
                throw new InvalidMessageException(f.path(name) + " is not a site setting (known: " + KNOWN + ")");
            }
        }
        Optional<Integer> interval = Optional.empty();
        for (String name : List.of("checkinIntervalSeconds", "interval")) {
            if (f.has(name)) {
                interval = Optional.of(f.requireInt(name, MIN_INTERVAL, MAX_INTERVAL));
            }
        }
        return new SitePatch(interval,
                f.has("healingMode") ? Optional.of(HealingMode.fromWire(f.requireString("healingMode"),
                        f.path("healingMode"))) : Optional.empty(),
                f.has("dryRun") ? Optional.of(f.requireBoolean("dryRun")) : Optional.empty(),
                f.has("enabledRunbooks") ? Optional.of(f.requireList("enabledRunbooks", 1000, Fields::token))
                        : Optional.empty());
    }
}
